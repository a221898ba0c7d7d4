"""The importer on small hand-made exports: splitting cells, where rows land in the master,
what a merge of known people changes, and how unimport puts everything back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from talentsheet.errors import InputError
from talentsheet.importer import IMPORT_LOG, IMPORT_REVIEW, import_export, unimport
from talentsheet.importer.split import headline_role, person_names, split_contacts, split_links
from talentsheet.template import init_workbook
from talentsheet.workbook.reader import ColumnMapping, read_candidates

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 30)


@pytest.mark.parametrize(
    ("headline", "role"),
    [
        ("Senior Data Engineer at Acme | Spark | AWS", ("Senior Data Engineer", "Acme")),
        ("Analytics Engineer @ Dunder Mifflin • Kubernetes | LLMs", ("Analytics Engineer", "Dunder Mifflin")),
        ("Building data platforms that scale 🚀 | Platform Engineer | Airflow", ("Platform Engineer", None)),
        ("Director of Engineering | Open to work", ("Director of Engineering", None)),
        ("Helping teams ship faster. LLMs | Spark | AWS. Opinions my own.", (None, None)),
        ("", (None, None)),
    ],
)
def test_a_headline_gives_title_and_company(headline: str, role: tuple) -> None:
    assert headline_role(headline) == role


def test_lists_split_into_the_field_and_other_contacts() -> None:
    assert split_links("https://www.linkedin.com/in/ada-x, https://github.com/ada") == (
        "https://www.linkedin.com/in/ada-x",
        ["https://github.com/ada"],
    )
    assert split_links("https://www.linkedin.com/sales/lead/ACw,NAME") == (None, ["https://www.linkedin.com/sales/lead/ACw,NAME"])
    assert split_contacts("not-an-email; ada@x.com, ada@work.com", "email") == ("ada@x.com", ["not-an-email", "ada@work.com"])
    assert split_contacts("+1 512 555 0100", "phone") == ("+1 512 555 0100", [])


@pytest.mark.parametrize(
    ("first", "last", "full", "names"),
    [
        (None, None, "Wren Dasgupta, PhD", ("Wren", "Dasgupta")),
        (None, None, "Dr. Hamza Olsen", ("Hamza", "Olsen")),
        (None, None, "Rania Bakshi 🚀", ("Rania", "Bakshi")),
        (None, None, "Javier Iyer (he/him)", ("Javier", "Iyer")),
        (None, None, "Tendai Olsen - Hiring!", ("Tendai", "Olsen")),
        (None, None, "Anna-Lena Müller-Schmidt", ("Anna-Lena", "Müller-Schmidt")),
        ("Alejandro", "Ilunga, MBA, PMP", None, ("Alejandro", "Ilunga")),
        ("Naveen ✨", "Thorsen", None, ("Naveen", "Thorsen")),
        ("J.", "Thorsen", None, ("J.", "Thorsen")),
    ],
)
def test_linkedin_decorations_leave_the_name_fields(first, last, full, names) -> None:
    assert person_names(first, last, full, linkedin=True) == names


def csv_export(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def master_with(tmp_path: Path, rows: list[list], header: list[str] | None = None, *, table: bool = True) -> Path:
    header = header or ["Candidate ID", "First name", "Last name", "Email", "LinkedIn URL", "Current title", "Notes"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    ws.append(header)
    for row in rows:
        ws.append(row)
    if table:
        last = openpyxl.utils.get_column_letter(len(header))
        ws.add_table(Table(displayName="People", ref=f"A1:{last}{len(rows) + 1}"))
    path = tmp_path / "master.xlsx"
    wb.save(path)
    return path


ADA = ["C000001", "Ada", "Lovelace", None, "https://www.linkedin.com/in/ada-lovelace", "Data Engineer", "met at PyCon"]
EXPORT = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada-lovelace,ada@example.com,Acme,Senior Data Engineer,23 Mar 2025\n"
    "Alan,Turing,https://www.linkedin.com/in/alan-turing,,Bletchley,Cryptanalyst,01 Feb 2024\n"
)


def test_new_people_go_inside_the_table_with_source_and_date(tmp_path: Path) -> None:
    master = master_with(tmp_path, [ADA])
    plan = import_export(master, csv_export(tmp_path, EXPORT), today=TODAY, now=NOW).plan
    assert [r.candidate_id for r in plan.added] == ["C000002"] and [k.row for k in plan.known] == [2]
    ws = openpyxl.load_workbook(master)["Candidates"]
    header = [c.value for c in ws[1]]
    assert header[7:] == ["Company", "Connected on", "Source", "Imported on"]  # added inside the table
    assert ws.tables["People"].ref == "A1:K3" and [c.name for c in ws.tables["People"].tableColumns][-1] == "Imported on"
    row = dict(zip(header, (c.value for c in ws[3]), strict=True))
    assert (row["Candidate ID"], row["First name"], row["Company"], row["Source"]) == (
        "C000002",
        "Alan",
        "Bletchley",
        "LinkedIn Connections",
    )
    assert row["Connected on"].date() == date(2024, 2, 1) and row["Imported on"].date() == TODAY


def test_a_known_person_is_listed_with_what_the_export_adds(tmp_path: Path) -> None:
    master = master_with(tmp_path, [ADA])
    known = import_export(master, csv_export(tmp_path, EXPORT), today=TODAY).plan.known[0]
    assert (known.candidate_id, known.master_row) == ("C000001", 2)
    assert [a.describe() for a in known.adds] == [
        "Email: ada@example.com",
        "Company: Acme",
        "Current title: Data Engineer -> Senior Data Engineer",
        "Connected on: 2025-03-23",
    ]
    review = openpyxl.load_workbook(master)[IMPORT_REVIEW]
    assert [c.value for c in review[2]][:5] == ["I0001", 2, "Ada Lovelace", "C000001", "row 2"]


def test_merge_known_fills_and_updates_and_unimport_puts_it_back(tmp_path: Path) -> None:
    master = master_with(tmp_path, [ADA])
    before = cells(master)
    report = import_export(master, csv_export(tmp_path, EXPORT), merge_known=True, today=TODAY)
    ws = openpyxl.load_workbook(master)["Candidates"]
    assert (ws["D2"].value, ws["F2"].value, ws["G2"].value) == ("ada@example.com", "Senior Data Engineer", "met at PyCon")
    undone = unimport(master, report.plan.import_id)
    assert sorted(undone.restored) == ["C000001 Company", "C000001 Connected on", "C000001 Current title", "C000001 Email"]
    assert cells(master) == before and not undone.kept


def cells(path: Path) -> tuple[dict, str]:
    ws = openpyxl.load_workbook(path)["Candidates"]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}, ws.tables["People"].ref


def test_rows_go_above_a_total_row_which_moves_down(tmp_path: Path) -> None:
    master = master_with(tmp_path, [ADA, ["TOTAL", "=COUNTA(B2:B2)"]], table=False)
    import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    ws = openpyxl.load_workbook(master)["Candidates"]
    assert [ws.cell(r, 2).value for r in (2, 3, 4)] == ["Ada", "Alan", "=COUNTA(B2:B2)"]
    assert read_candidates(master).total_rows == [4]


def test_a_table_total_row_stays_last(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Candidates"
    for row in [
        ["Candidate ID", "First name", "Last name", "Email", "LinkedIn URL"],
        ADA[:5],
        [None, None, "=SUBTOTAL(103,People[Last name])"],
    ]:
        ws.append(row)
    ws.add_table(Table(displayName="People", ref="A1:E3", totalsRowCount=1))
    master = tmp_path / "master.xlsx"
    wb.save(master)
    import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    ws = openpyxl.load_workbook(master)["Candidates"]
    assert ws["B3"].value == "Alan" and ws["C4"].value == "=SUBTOTAL(103,People[Last name])"
    assert ws.tables["People"].ref.endswith("4")


def test_source_can_be_named_and_the_log_records_the_import(tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    import_export(master, csv_export(tmp_path, EXPORT), source="PyCon 2026 list", today=TODAY, now=NOW)
    table = read_candidates(master)
    assert set(table.df["source"]) == {"PyCon 2026 list"}
    log = [c.value for c in openpyxl.load_workbook(master)[IMPORT_LOG][2]]
    assert log[:8] == ["I0001", NOW, "export.csv", "linkedin", "PyCon 2026 list", "Candidates", 2, 2]
    assert log[11] == "C000001..C000002"


def test_ids_continue_after_every_id_ever_used(tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    first = import_export(master, csv_export(tmp_path, EXPORT), today=TODAY).plan
    unimport(master, first.import_id)
    other = csv_export(tmp_path, "Name,Email\nGrace Hopper,grace@example.com\n", "other.csv")
    second = import_export(master, other, today=TODAY).plan
    assert second.import_id == "I0002" and [r.candidate_id for r in second.added] == ["C000003"]


def test_unimport_leaves_rows_edited_since_and_says_so(tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    report = import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    wb = openpyxl.load_workbook(master)
    wb["Candidates"]["K2"] = "called her, keen"  # the recruiter wrote a note into Ada's new row
    wb.save(master)
    undone = unimport(master, report.plan.import_id)
    assert undone.removed == ["C000002"]
    assert undone.kept == [
        "C000001: edited since the import, left in the sheet",
        "columns Connected on, Source, Imported on: they hold values now",
    ]
    assert list(read_candidates(master).df["first_name"]) == ["Ada"]


def test_unimport_of_an_unknown_or_undone_import_is_a_clear_error(tmp_path: Path) -> None:
    master = init_workbook(tmp_path / "master.xlsx")
    with pytest.raises(InputError, match="no Import log"):
        unimport(master, "I0001")
    report = import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    with pytest.raises(InputError, match="no import 'I0009'"):
        unimport(master, "I0009")
    unimport(master, report.plan.import_id)
    with pytest.raises(InputError, match="already undone"):
        unimport(master, report.plan.import_id)


def test_a_general_sheet_maps_by_header_content_and_what_was_told(tmp_path: Path) -> None:
    export = csv_export(tmp_path, "Person,Profil,Kontakt,Stadt\nAda Lovelace,linkedin.com/in/ada-l,ada@x.com,Wien\n")
    master = init_workbook(tmp_path / "master.xlsx")
    plan = import_export(master, export, mapping=ColumnMapping.parse("Person=full name,Stadt=location"), today=TODAY).plan
    cells = plan.added[0].cells
    assert (cells["First name"], cells["Last name"], cells["LinkedIn URL"], cells["Email"], cells["Location"]) == (
        "Ada",
        "Lovelace",
        "linkedin.com/in/ada-l",
        "ada@x.com",
        "Wien",
    )
    assert cells["Source"] == "Import: export.csv"


def test_a_csv_master_needs_an_output_workbook(tmp_path: Path) -> None:
    master = csv_export(tmp_path, "First name,Last name,Email\nGrace,Hopper,grace@example.com\n", "master.csv")
    with pytest.raises(InputError, match="add --output"):
        import_export(master, csv_export(tmp_path, EXPORT), today=TODAY)
    out = tmp_path / "master.xlsx"
    import_export(master, csv_export(tmp_path, EXPORT), today=TODAY, output=out)
    assert list(read_candidates(out).df["first_name"]) == ["Grace", "Ada", "Alan"]
