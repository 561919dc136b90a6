"""Compares `mitreden pabulib explain` with pabutools' analysis of the same .pb files.

For every file and every equal-shares rule that applies to it (mes_cost, mes_approval, and
mes_points for point ballots) it checks, exactly (as fractions):
  * the funded projects;
  * per project, pabutools' project loss: `supporters_budget` against `supportersMoney` and
    `budget_lost` against `spentOn`;
  * per project with supporters and a cost, the effective support in per cent.
Exits 1 on any difference, printing each one.

pabutools 1.2.3's `calculate_project_loss` fails on the last, empty iteration of a run (it
reads `selected_project.supporter_indices` of None), so that iteration is left out first:
the projects still open then are covered by the rule for the last selecting iteration.
"""
import json
import subprocess
import sys
from fractions import Fraction

from pabutools.analysis.mesanalytics import calculate_effective_support, calculate_project_loss
from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib
from pabutools.rules import method_of_equal_shares

RULES = {"mes_cost": Cost_Sat, "mes_approval": Cardinality_Sat, "mes_points": Additive_Cardinal_Sat}


def exact(value):
    return Fraction(str(value))


def main(mitreden, files):
    failures = []
    checked = 0
    for path in files:
        instance, profile = parse_pabulib(path)
        points = profile.__class__.__name__.startswith("Cumulative") or "Cardinal" in profile.__class__.__name__
        for rule, sat_class in RULES.items():
            if rule == "mes_points" and not points:
                continue
            ours = json.loads(subprocess.run([mitreden, "pabulib", "explain", path, "--rule", rule], check=True, capture_output=True, text=True).stdout)
            mine = {p["projectId"]: p for p in ours["projects"]}
            where = f"{path.split('/')[-1]} {rule}"

            outcome = method_of_equal_shares(instance, profile, sat_class=sat_class, analytics=True)
            funded = sorted(p.name for p in outcome)
            if funded != sorted(k for k, p in mine.items() if p["funded"]):
                failures.append(f"{where}: funded {funded} vs {sorted(k for k, p in mine.items() if p['funded'])}")

            details = outcome.details
            details.iterations = [it for it in details.iterations if it.selected_project is not None]
            for loss in calculate_project_loss(details):
                entry = mine.get(loss.name)
                if entry is None or "supportersMoney" not in entry:
                    failures.append(f"{where} {loss.name}: no project loss in mitreden's explanation")
                    continue
                if exact(loss.supporters_budget) != exact(entry["supportersMoney"]):
                    failures.append(f"{where} {loss.name}: supporters' money {loss.supporters_budget} vs {entry['supportersMoney']}")
                theirs = {p.name: exact(v) for p, v in loss.budget_lost.items() if exact(v) != 0}
                ours_lost = {s["projectId"]: exact(s["amount"]) for s in entry.get("spentOn") or []}
                if theirs != ours_lost:
                    failures.append(f"{where} {loss.name}: spent elsewhere {theirs} vs {ours_lost}")
                checked += 1

            candidates = [p for p in instance if p.cost > 0 and any(p in ballot and (not points or ballot[p] > 0) for ballot in profile)]
            # One project at a time: calculate_effective_supports stops at a project MES never
            # considers (no supporter or no cost), which pabutools leaves out of its run.
            for project in candidates:
                theirs = calculate_effective_support(instance, profile, project, project in outcome, {"sat_class": sat_class})
                ours_support = mine[project.name].get("effectiveSupport")
                if theirs != ours_support:
                    failures.append(f"{where} {project.name}: effective support {theirs} vs {ours_support}")
                checked += 1
    for failure in failures:
        print("DIFFERS", failure)
    print(f"{checked} values compared with pabutools on {len(files)} files, {len(failures)} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
