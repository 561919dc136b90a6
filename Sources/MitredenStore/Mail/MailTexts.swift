import Foundation
import MitredenDomain

/// The texts of the mails the service sends. They never contain the recipient's address.
enum MailTexts {
    static let verificationSubject = "Mitreden: confirm your e-mail address"
    static let alreadyRegisteredSubject = "Mitreden: someone tried to register with your address"

    static func verification(displayName: String, token: String, lifetime: TimeInterval) -> String {
        """
        Hello \(displayName),

        please confirm your e-mail address with this code within \(Int(lifetime / 3600)) hours:

            \(token)

        If you did not register with Mitreden, ignore this mail; the account stays inactive.
        """
    }

    static func alreadyRegistered() -> String {
        """
        Hello,

        someone tried to register a new Mitreden account with this e-mail address, which
        already has an account. If it was you, log in instead. If not, you need not do
        anything: no second account was created.
        """
    }
}
