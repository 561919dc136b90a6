/// `recount.txt` in an export bundle: how anyone recomputes the result from the bundle's
/// `election.pb` files with pabutools (PyPI), in German and English. Plain text, no data
/// beyond the file names, so it is the same for every export of a campaign.
public enum RecountText {
    public static func text(campaign: String, electionFiles: [String]) -> String {
        let files = electionFiles.map { "  - \($0)" }.joined(separator: "\n")
        return """
            Nachzählen / Recount — \(campaign)
            ====================================

            Deutsch
            -------
            Die Datei(en) election.pb enthalten alle gezählten Stimmzettel im Pabulib-Format
            (https://pabulib.org), ohne Namen und nicht in der Reihenfolge der Abgabe:
            \(files)
            In results.json steht zu jedem Ergebnis die Regel ("method"), die Prüfsumme der
            Eingabe ("inputDigest"), die geförderten Vorschläge und die Begründung je Vorschlag
            ("explanation"). So rechnen Sie das Ergebnis mit pabutools nach (Python 3):

                python3 -m venv venv && venv/bin/pip install pabutools==1.2.3
                venv/bin/python recount.py election.pb

            Die Verwaltung prüft einen gespeicherten Lauf mit: mitreden results verify --run <id>

            English
            -------
            The election.pb file(s) hold every counted ballot in the Pabulib format, without
            names and not in the order of voting (listed above). results.json gives each run's
            rule ("method"), the digest of its input ("inputDigest"), the funded proposals and
            an explanation per proposal ("explanation"). To recompute with pabutools (Python 3),
            save the script below as recount.py and run it as shown above.

            recount.py
            ----------
                import sys
                from pabutools.election import parse_pabulib, Cost_Sat, Cardinality_Sat, Additive_Cardinal_Sat
                from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
                instance, profile = parse_pabulib(sys.argv[1])
                rules = {
                    "greedy_votes": lambda: greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat),
                    "mes_cost": lambda: method_of_equal_shares(instance, profile, sat_class=Cost_Sat),
                    "mes_approval": lambda: method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat),
                    "mes_points": lambda: method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat),
                    "mes_cost_add1": lambda: method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1),
                    "seq_phragmen": lambda: sequential_phragmen(instance, profile),
                }
                for name, rule in rules.items():
                    try:
                        print(name, sorted(p.name for p in rule()))
                    except Exception as error:  # a points rule on approval ballots
                        print(name, "-", error)

            Project ids in election.pb are the proposals' references where they have one,
            otherwise their ids (lower-case UUIDs) as in proposals.csv and results.json.

            """
    }
}
