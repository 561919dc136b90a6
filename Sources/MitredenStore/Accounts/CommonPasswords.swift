/// Passwords at the top of every leaked-password list, refused at registration even when
/// long enough (NIST SP 800-63B §5.1.1.2 asks to check against such a list). Compared in
/// lower case.
enum CommonPasswords {
    static let denied: Set<String> = [
        "1234567890", "12345678910", "0123456789", "0987654321", "1111111111", "0000000000",
        "1234512345", "1q2w3e4r5t", "1qaz2wsx3edc", "qwertyuiop", "qwertzuiop", "asdfghjkl1",
        "password12", "password123", "password1234", "passwort123", "passwort1234", "passwort12",
        "iloveyou12", "qwerty1234", "qwerty12345", "qwerty123456", "abcdefghij", "abc1234567",
        "football12", "baseball12", "princess12", "sunshine12", "starwars12", "superman12",
        "welcome123", "welcome1234", "letmein123", "changeme123", "administrator", "admin12345",
        "trustno1234", "monkey1234", "dragon1234", "master1234", "michael123", "shadow1234",
        "hallo12345", "hallo123456", "schatz1234", "fussball12", "fussball123", "sommer2024",
        "sommer2025", "winter2024", "winter2025", "geheim1234", "mitreden123", "mitreden2025",
        "1234567890a", "a1234567890", "aaaaaaaaaa", "zxcvbnm123", "qwertyqwerty", "passwordpassword",
        "123123123123", "1234qwer!", "987654321a", "password!1", "p@ssw0rd12", "p@ssword123",
    ]

    static func contains(_ password: String) -> Bool { denied.contains(password.lowercased()) }
}
