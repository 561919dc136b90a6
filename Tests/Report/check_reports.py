#!/usr/bin/env python3
"""Checks the council reports of the demo campaigns like a council paper (Tests/Report/run.sh).

For each report.html: opens it in headless Chromium (Debian's chromium-driver, through
Selenium), reads every figure from the DOM and compares it with an independent SQL count on
the same database (psql, not Mitreden's code); runs axe-core (axe-selenium-python) and fails
on any serious or critical violation; writes a full-page screenshot (PNG). For each
report.pdf: checks that every page is A4 and that the page count lies in the expected range.
results.json and proposals.csv are checked against the same SQL counts.

Usage: check_reports.py DATABASE_URL WORKDIR SCREENSHOTDIR
WORKDIR holds <campaign>-report-<lang>.html/.pdf, <campaign>-results.json and
<campaign>-proposals-en.csv as written by run.sh.
"""
import csv
import json
import os
import re
import subprocess
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

DATABASE, WORK, SHOTS = sys.argv[1], sys.argv[2], sys.argv[3]
CAMPAIGNS = ["domplatz-dialog", "bezirksbudget-mitte"]
LANGUAGES = ["de", "en"]
# A4 in PostScript points (210 × 297 mm), with Chromium's rounding.
A4 = (595.0, 842.0)
PAGES = {"domplatz-dialog": (2, 30), "bezirksbudget-mitte": (3, 40)}

failures = []
checked = 0


def expect(condition, message):
    global checked
    checked += 1
    if not condition:
        failures.append(message)
        print("FAIL " + message, file=sys.stderr)


def sql(query, *args):
    """Rows of an SQL query (psql, tab-separated, arguments bound as psql variables)."""
    command = ["psql", DATABASE, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t"]
    for index, value in enumerate(args):
        command += ["-v", f"a{index}={value}"]
    result = subprocess.run(command, input=query, capture_output=True, text=True, check=True)
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def one(query, *args):
    return int(sql(query, *args)[0][0])


def number(text):
    """A figure as the report prints it: 1.234 / 1,234 / −5 / 12.000 € / €12,000."""
    cleaned = text.replace("\u2212", "-").replace("€", "").replace("\xa0", "").strip()
    cleaned = re.sub(r"[.,](?=\d{3}(\D|$))", "", cleaned)
    return int(re.sub(r"[^\d-]", "", cleaned) or "0")


def campaign_id(slug):
    return sql("SELECT id FROM campaigns WHERE slug = :'a0'", slug)[0][0]


CONTRIBUTORS = """
    SELECT author_id AS account FROM proposals WHERE campaign_id = :'a0' AND moderation_status = 'published' AND author_id IS NOT NULL
    UNION SELECT cm.author_id FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
      WHERE p.campaign_id = :'a0' AND cm.moderation_status = 'published' AND cm.author_id IS NOT NULL
    UNION SELECT account_id FROM supports WHERE campaign_id = :'a0'
    UNION SELECT account_id FROM ratings WHERE campaign_id = :'a0'
    UNION SELECT account_id FROM ballots WHERE campaign_id = :'a0' AND account_id IS NOT NULL
"""


def expected_figures(cid):
    anonymous = one("SELECT count(*) FROM ballots WHERE campaign_id = :'a0' AND account_id IS NULL", cid)
    kinds = {
        "supports": one("SELECT count(*) FROM supports WHERE campaign_id = :'a0'", cid),
        "pro": one("SELECT count(*) FROM ratings WHERE campaign_id = :'a0' AND value = 1", cid),
        "contra": one("SELECT count(*) FROM ratings WHERE campaign_id = :'a0' AND value = -1", cid),
        "ballots": one("SELECT count(*) FROM ballots WHERE campaign_id = :'a0'", cid),
        "anonymous": anonymous,
    }
    return {
        "participants": one(f"SELECT count(*) FROM ({CONTRIBUTORS}) c", cid) + anonymous,
        "proposals": one("SELECT count(*) FROM proposals WHERE campaign_id = :'a0' AND moderation_status = 'published'", cid),
        "comments": one(
            """SELECT count(*) FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
               WHERE p.campaign_id = :'a0' AND p.moderation_status = 'published' AND cm.moderation_status = 'published'""", cid),
        "votes": kinds["supports"] + kinds["pro"] + kinds["contra"] + kinds["ballots"],
        "kinds": kinds,
        "contributions": one(
            """SELECT (SELECT count(*) FROM proposals WHERE campaign_id = :'a0' AND moderation_status = 'published')
                    + (SELECT count(*) FROM comments cm JOIN proposals p ON p.id = cm.proposal_id
                       WHERE p.campaign_id = :'a0' AND p.moderation_status = 'published' AND cm.moderation_status = 'published')""", cid),
    }


def approvals_by_proposal(cid):
    rows = sql(
        """SELECT p.id, count(c.ballot_id), p.cost_cents FROM proposals p
           LEFT JOIN ballot_choices c ON c.proposal_id = p.id
           WHERE p.campaign_id = :'a0' AND p.moderation_status = 'published' GROUP BY p.id, p.cost_cents""", cid)
    return {row[0]: (int(row[1]), int(row[2] or 0)) for row in rows}


def funded_by_official_run(cid):
    rows = sql(
        """SELECT s.item->>'proposalId' FROM result_runs r, jsonb_array_elements(r.selected) s(item)
           WHERE r.campaign_id = :'a0' AND r.official""", cid)
    return {row[0] for row in rows}


def browser():
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1400"]:
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check_html(driver, slug, language):
    cid = campaign_id(slug)
    path = os.path.join(WORK, f"{slug}-report-{language}.html")
    driver.get("file://" + path)
    where = f"{slug} ({language})"
    expected = expected_figures(cid)
    for name in ["participants", "proposals", "comments", "votes"]:
        shown = number(driver.find_element(By.CSS_SELECTOR, f'[data-figure="{name}"]').text)
        expect(shown == expected[name], f"{where}: {name} shows {shown}, SQL counts {expected[name]}")
    for cell in driver.find_elements(By.CSS_SELECTOR, '[data-table="votes-by-kind"] [data-kind]'):
        kind = cell.get_attribute("data-kind")
        expect(number(cell.text) == expected["kinds"][kind], f"{where}: {kind} votes {cell.text}, SQL {expected['kinds'][kind]}")
    total = driver.find_element(By.CSS_SELECTOR, '[data-table="votes-by-kind"] tfoot td:last-child').text
    expect(number(total) == expected["votes"], f"{where}: votes by kind add up to {total}, SQL {expected['votes']}")
    districts = driver.find_elements(By.CSS_SELECTOR, '[data-table="districts"] tbody tr')
    district_sum = sum(number(row.find_elements(By.TAG_NAME, "td")[1].text) for row in districts)
    expect(district_sum == expected["participants"], f"{where}: districts add up to {district_sum}, participants {expected['participants']}")
    names = [row.find_elements(By.TAG_NAME, "td")[0].text for row in districts]
    expect(not any(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", name) for name in names), f"{where}: a district shown as a slug: {names}")
    charts = {svg.get_attribute("aria-labelledby").split("-title")[0]: svg for svg in driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")}
    contributions = charts.get("chart-contributions")
    expect(contributions is not None and int(contributions.get_attribute("data-total")) == expected["contributions"],
           f"{where}: the contributions chart does not hold every published contribution ({expected['contributions']})")
    votes_chart = charts.get("chart-votes")
    expect(votes_chart is not None and int(votes_chart.get_attribute("data-total")) == expected["votes"],
           f"{where}: the votes chart does not hold every vote ({expected['votes']})")
    for svg in driver.find_elements(By.TAG_NAME, "svg"):
        expect(svg.find_elements(By.TAG_NAME, "desc") and svg.find_element(By.TAG_NAME, "desc").get_attribute("textContent").strip(),
               f"{where}: a chart without a text alternative")
    if slug == "bezirksbudget-mitte":
        check_budget(driver, cid, where, language)
    else:
        check_dialogue(driver, cid, where)
    page = driver.find_element(By.TAG_NAME, "body").text
    foreign = ["off topic", "Imported from", "under review"] if language == "de" else ["gehört nicht zum Thema", "Importiert aus", "in Prüfung"]
    for word in foreign:
        expect(word not in page, f"{where}: '{word}' in the wrong language")
    check_accessibility(driver, where)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1100, min(height + 100, 16000))
    shot = os.path.join(SHOTS, f"{slug}-report-{language}.png")
    driver.save_screenshot(shot)
    driver.set_window_size(1100, 1400)
    print(f"screenshot {shot}")


def check_budget(driver, cid, where, language):
    votes = approvals_by_proposal(cid)
    funded = funded_by_official_run(cid)
    rows = driver.find_elements(By.CSS_SELECTOR, '[data-table="area-projects"] tbody tr')
    expect(len(rows) == len(votes), f"{where}: {len(rows)} projects listed, {len(votes)} published")
    ranks = set()
    for row in rows:
        cells = row.find_elements(By.TAG_NAME, "td")
        proposal = cells[1].find_element(By.CSS_SELECTOR, "[data-proposal]").get_attribute("data-proposal")
        approvals, cost = votes.get(proposal, (None, None))
        expect(number(cells[3].text) == approvals, f"{where}: {cells[1].text} shows {cells[3].text} votes, SQL {approvals}")
        expect(number(cells[2].text) == cost // 100 if cost is not None else False, f"{where}: {cells[1].text} costs {cells[2].text}, SQL {cost}")
        shows_funded = cells[-1].text.strip() in ("Gefördert", "Funded")
        expect(shows_funded == (proposal in funded), f"{where}: {cells[1].text} funded shown {shows_funded}, official run {proposal in funded}")
        ranks.add(cells[0].text)
    expect(len(ranks) > 1, f"{where}: every project has the same rank")
    stamps = [s.text.lower() for s in driver.find_elements(By.CSS_SELECTOR, ".stamp")]
    areas = one("SELECT count(*) FROM budget_areas WHERE campaign_id = :'a0'", cid)
    official = one("SELECT count(*) FROM result_runs WHERE campaign_id = :'a0' AND official", cid) == areas
    provisional = any("vorläufig" in s or "provisional" in s for s in stamps)
    expect(stamps and provisional != official, f"{where}: stamps {stamps} do not match official={official}")


def check_dialogue(driver, cid, where):
    rows = sql(
        """SELECT p.title, count(*) FILTER (WHERE r.value = 1), count(*) FILTER (WHERE r.value = -1) FROM proposals p
           LEFT JOIN ratings r ON r.proposal_id = p.id WHERE p.campaign_id = :'a0' AND p.moderation_status = 'published'
           GROUP BY p.id, p.title""", cid)
    expected = {row[0]: (int(row[1]), int(row[2])) for row in rows}
    shown = driver.find_elements(By.CSS_SELECTOR, '[data-table="ranking"] tbody tr')
    expect(len(shown) == min(len(expected), 100), f"{where}: {len(shown)} ranked, {len(expected)} published")
    previous = None
    for row in shown:
        cells = row.find_elements(By.TAG_NAME, "td")
        title = cells[1].text.replace(" umstritten", "").replace(" contested", "").strip()
        pro, contra, difference = number(cells[2].text), number(cells[3].text), number(cells[4].text)
        expect(expected.get(title) == (pro, contra), f"{where}: {title} shows pro {pro} contra {contra}, SQL {expected.get(title)}")
        expect(difference == pro - contra, f"{where}: {title} difference {difference} is not {pro} − {contra}")
        if previous is not None:
            expect(previous >= difference, f"{where}: the ranking is not ordered by pro minus contra")
        previous = difference
    if any("umstritten" in r.text or "contested" in r.text for r in shown):
        text = driver.find_element(By.TAG_NAME, "body").text
        expect("Contra ≥ Pro ÷ 3" in text or "contra ≥ pro ÷ 3" in text, f"{where}: 'umstritten' used without its definition")


def check_accessibility(driver, where):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    for violation in serious:
        targets = [node["target"] for node in violation["nodes"][:3]]
        print(f"axe {where}: {violation['id']} ({violation['impact']}): {violation['help']} {targets}", file=sys.stderr)
    expect(not serious, f"{where}: {len(serious)} serious or critical accessibility violations")
    print(f"axe {where}: {len(results['violations'])} violations, none serious or critical" if not serious else "")


def check_pdf(slug, language):
    path = os.path.join(WORK, f"{slug}-report-{language}.pdf")
    data = open(path, "rb").read()
    where = f"{slug} ({language}) PDF"
    expect(data.startswith(b"%PDF"), f"{where}: not a PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    expect(boxes and all(abs(float(b[2]) - A4[0]) < 1.5 and abs(float(b[3]) - A4[1]) < 1.5 for b in boxes),
           f"{where}: not A4: {set(boxes)}")
    low, high = PAGES[slug]
    expect(low <= pages <= high, f"{where}: {pages} pages, expected {low} to {high}")
    print(f"{where}: {pages} A4 pages")


def check_exports(slug):
    cid = campaign_id(slug)
    votes = approvals_by_proposal(cid)
    results = json.load(open(os.path.join(WORK, f"{slug}-results.json")))
    for run in results["runs"]:
        for project in run["projects"]:
            expect(project["approvals"] == votes[project["proposalId"]][0],
                   f"{slug} results.json: {project['title']} {project['approvals']} votes, SQL {votes[project['proposalId']][0]}")
    rows = list(csv.DictReader(open(os.path.join(WORK, f"{slug}-proposals-en.csv"), encoding="utf-8")))
    for row in rows:
        if slug == "bezirksbudget-mitte":
            expect(row["approvals"] != "" and int(row["approvals"]) == votes[row["id"]][0],
                   f"{slug} proposals.csv: {row['title']} {row['approvals']} votes, SQL {votes[row['id']][0]}")
    expect(len(rows) == len(votes), f"{slug} proposals.csv: {len(rows)} rows, {len(votes)} published")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    driver = browser()
    try:
        for slug in CAMPAIGNS:
            for language in LANGUAGES:
                check_html(driver, slug, language)
                check_pdf(slug, language)
            check_exports(slug)
    finally:
        driver.quit()
    print(f"{checked} checks, {len(failures)} failed")
    sys.exit(1 if failures else 0)


main()
