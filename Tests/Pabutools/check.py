"""Compares `mitreden pabulib explain` with pabutools' analysis of the same .pb files.

For every file and every equal-shares rule that applies to it (mes_cost, mes_approval, and
mes_points for point ballots) it checks, exactly (as fractions):
  * the funded projects;
  * per project, pabutools' project loss: `supporters_budget` against `supportersMoney` and
    `budget_lost` against `spentOn`;
  * per project with supporters and a cost, the effective support in per cent.
Exits 1 on any difference, printing each one.

pabutools 1.2.3 keeps projects in Python sets, so where projects tie, the round in which
its analysis meets an unaffordable project (and so that project's loss) follows Python's
string hashing, which changes with every process. pabutools is therefore run under eight
fixed hash seeds (PYTHONHASHSEED 0-7, each in a process of its own): a value pabutools gives
alike under every seed must equal ours; a value that depends on the seed must equal one of
pabutools' answers. The count of seed-dependent values is printed.

pabutools 1.2.3's `calculate_project_loss` fails on the last, empty iteration of a run (it
reads `selected_project.supporter_indices` of None), so that iteration is left out first:
the projects still open then are covered by the rule for the last selecting iteration.
"""
import json
import os
import subprocess
import sys
from fractions import Fraction

RULES = ["mes_cost", "mes_approval", "mes_points"]
SEEDS = range(8)


def exact(value):
    return str(Fraction(str(value)))


def pabutools_values(files):
    """pabutools' values for every file and rule, keyed by a description of each value."""
    from pabutools.analysis.mesanalytics import calculate_effective_support, calculate_project_loss
    from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat, parse_pabulib
    from pabutools.rules import method_of_equal_shares

    sat = {"mes_cost": Cost_Sat, "mes_approval": Cardinality_Sat, "mes_points": Additive_Cardinal_Sat}
    values = {}
    for path in files:
        instance, profile = parse_pabulib(path)
        points = profile.__class__.__name__.startswith("Cumulative") or "Cardinal" in profile.__class__.__name__
        name = path.split("/")[-1]
        for rule in RULES:
            if rule == "mes_points" and not points:
                continue
            outcome = method_of_equal_shares(instance, profile, sat_class=sat[rule], analytics=True)
            values[f"{name} {rule}: funded"] = sorted(p.name for p in outcome)
            details = outcome.details
            details.iterations = [it for it in details.iterations if it.selected_project is not None]
            for loss in calculate_project_loss(details):
                values[f"{name} {rule} {loss.name}: supporters' money"] = exact(loss.supporters_budget)
                values[f"{name} {rule} {loss.name}: spent elsewhere"] = {
                    p.name: exact(v) for p, v in loss.budget_lost.items() if Fraction(str(v)) != 0}
            candidates = [p for p in instance if p.cost > 0 and any(p in b and (not points or b[p] > 0) for b in profile)]
            # One project at a time: calculate_effective_supports stops at a project MES never
            # considers (no supporter or no cost), which pabutools leaves out of its run.
            for project in candidates:
                support = calculate_effective_support(instance, profile, project, project in outcome, {"sat_class": sat[rule]})
                values[f"{name} {rule} {project.name}: effective support"] = support
    return values


def our_values(mitreden, files, keys):
    ours = {}
    for path in files:
        name = path.split("/")[-1]
        for rule in RULES:
            if not any(k.startswith(f"{name} {rule}:") for k in keys):
                continue
            result = json.loads(
                subprocess.run([mitreden, "pabulib", "explain", path, "--rule", rule], check=True, capture_output=True, text=True).stdout)
            projects = {p["projectId"]: p for p in result["projects"]}
            ours[f"{name} {rule}: funded"] = sorted(k for k, p in projects.items() if p["funded"])
            for pid, p in projects.items():
                if "supportersMoney" in p:
                    ours[f"{name} {rule} {pid}: supporters' money"] = exact(p["supportersMoney"])
                    ours[f"{name} {rule} {pid}: spent elsewhere"] = {s["projectId"]: exact(s["amount"]) for s in p.get("spentOn") or []}
                ours[f"{name} {rule} {pid}: effective support"] = p.get("effectiveSupport")
    return ours


def main(mitreden, files):
    runs = []
    for seed in SEEDS:
        environment = dict(os.environ, PYTHONHASHSEED=str(seed))
        output = subprocess.run(
            [sys.executable, __file__, "--pabutools", *files], check=True, capture_output=True, text=True, env=environment).stdout
        runs.append(json.loads(output))
    ours = our_values(mitreden, files, runs[0].keys())
    failures, seed_dependent = [], 0
    for key in runs[0]:
        answers = [run.get(key) for run in runs]
        distinct = {json.dumps(a, sort_keys=True) for a in answers}
        mine = json.dumps(ours.get(key), sort_keys=True)
        if len(distinct) > 1:
            seed_dependent += 1
        if mine not in distinct:
            failures.append(f"{key}: ours {mine}, pabutools {' or '.join(sorted(distinct))}")
    for failure in failures:
        print("DIFFERS", failure)
    print(f"{len(runs[0])} values compared with pabutools on {len(files)} files under {len(runs)} hash seeds "
          f"({seed_dependent} depend on the seed), {len(failures)} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1] == "--pabutools":
        print(json.dumps(pabutools_values(sys.argv[2:])))
        sys.exit(0)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
