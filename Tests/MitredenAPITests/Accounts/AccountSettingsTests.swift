import MitredenAPI
import MitredenStore
import Testing

@Suite struct AccountSettingsTests {
    let base = ["MITREDEN_DATABASE_URL": "postgres://app:pw@127.0.0.1:5432/city"]

    @Test func defaultsAreSafeForProduction() throws {
        let settings = try AppConfiguration.fromEnvironment(base).accounts
        #expect(settings.bcryptCost >= 12)
        #expect(settings.mailCommand == nil)
        #expect(settings.loginFailuresPerAddress > settings.loginFailuresPerAccount)
        #expect(!settings.staffSecondFactorRequired)
    }

    @Test func readsEveryAccountVariable() throws {
        let settings = try AppConfiguration.fromEnvironment(
            base.merging([
                "MITREDEN_BCRYPT_COST": "5", "MITREDEN_SESSION_IDLE": "600", "MITREDEN_SESSION_LIFETIME": "7200",
                "MITREDEN_VERIFICATION_LIFETIME": "3600", "MITREDEN_LOGIN_FAILURES_PER_ACCOUNT": "3",
                "MITREDEN_LOGIN_FAILURES_PER_ADDRESS": "30", "MITREDEN_LOGIN_WINDOW": "60", "MITREDEN_REGISTRATIONS_PER_ADDRESS": "9",
                "MITREDEN_MAIL_COMMAND": "/bin/cat -u", "MITREDEN_MAIL_FROM": "Stadt <beteiligung@example.org>",
                "MITREDEN_MAIL_CONCURRENCY": "16", "MITREDEN_STAFF_MFA_REQUIRED": "1",
            ]) { $1 }
        ).accounts
        #expect(settings.bcryptCost == 5)
        #expect(settings.sessionIdle == 600)
        #expect(settings.sessionLifetime == 7200)
        #expect(settings.verificationLifetime == 3600)
        #expect(settings.loginFailuresPerAccount == 3)
        #expect(settings.loginFailuresPerAddress == 30)
        #expect(settings.loginWindow == 60)
        #expect(settings.registrationsPerAddress == 9)
        #expect(settings.mailCommand == ["/bin/cat", "-u"])
        #expect(settings.mailFrom == "Stadt <beteiligung@example.org>")
        #expect(settings.mailConcurrency == 16)
        #expect(settings.staffSecondFactorRequired)
    }

    @Test(arguments: [
        ("MITREDEN_BCRYPT_COST", "3"), ("MITREDEN_BCRYPT_COST", "twelve"), ("MITREDEN_SESSION_IDLE", "0"),
        ("MITREDEN_LOGIN_WINDOW", "-1"), ("MITREDEN_STAFF_MFA_REQUIRED", "sometimes"), ("MITREDEN_MAIL_COMMAND", "sendmail -t"),
        ("MITREDEN_MAIL_COMMAND", "/no/such/sendmail"), ("MITREDEN_MAIL_FROM", "nobody"),
        ("MITREDEN_MAIL_CONCURRENCY", "0"), ("MITREDEN_MAIL_CONCURRENCY", "65"),
    ])
    func anInvalidValueNamesItsVariable(variable: String, value: String) {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.fromEnvironment(base.merging([variable: value]) { $1 })
        }
        do {
            _ = try AppConfiguration.fromEnvironment(base.merging([variable: value]) { $1 })
        } catch {
            #expect(error.variable == variable)
        }
    }
}
