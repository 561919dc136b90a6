/// The reason of a flag or a moderation decision in words, for mails and the report: the
/// codes (`off_topic`) are for clients, not for citizens or the council.
extension ReasonCode {
    public func text(in language: Language) -> String {
        switch (self, language) {
        case (.insult, .de): "Beleidigung"
        case (.insult, .en): "insult"
        case (.discrimination, .de): "Diskriminierung"
        case (.discrimination, .en): "discrimination"
        case (.offTopic, .de): "gehört nicht zum Thema"
        case (.offTopic, .en): "off topic"
        case (.spam, .de): "Werbung oder Spam"
        case (.spam, .en): "advertising or spam"
        case (.personalData, .de): "enthält persönliche Daten"
        case (.personalData, .en): "contains personal data"
        case (.illegal, .de): "rechtswidriger Inhalt"
        case (.illegal, .en): "unlawful content"
        case (.duplicate, .de): "doppelt eingereicht"
        case (.duplicate, .en): "duplicate"
        case (.other, .de): "anderer Grund"
        case (.other, .en): "other reason"
        }
    }
}
