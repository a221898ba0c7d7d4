"""The title normaliser on real titles as recruiters and LinkedIn profiles write them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentsheet.titles import FAMILIES, SENIORITY_LEVELS, Title, parse_title, seniority_rank

# (as written, family, seniority)
TITLES = [
    ("Sr. Data Eng", "Data Engineer", "Senior"),
    ("Senior Data Engineer", "Data Engineer", "Senior"),
    ("Data Engineer", "Data Engineer", None),
    ("Big Data Engineer", "Data Engineer", None),
    ("ETL Developer", "Data Engineer", None),
    ("Jr. Data Engineer", "Data Engineer", "Junior"),
    ("Lead Data Engineer", "Data Engineer", "Lead"),
    ("Principal Data Engineer", "Data Engineer", "Principal"),
    ("Staff Data Engineer", "Data Engineer", "Staff"),
    ("SWE II", "Software Engineer", "Mid"),
    ("SWE I", "Software Engineer", "Junior"),
    ("SDE III", "Software Engineer", "Senior"),
    ("Software Engineer 2", "Software Engineer", "Mid"),
    ("L5 Software Engineer", "Software Engineer", "Senior"),
    ("sr swe", "Software Engineer", "Senior"),
    ("Senior Software Engineer", "Software Engineer", "Senior"),
    ("Software Developer", "Software Engineer", None),
    ("Programmer", "Software Engineer", None),
    ("Senior Programmer", "Software Engineer", "Senior"),
    ("Application Developer", "Software Engineer", None),
    ("Junior Java Developer", "Software Engineer", "Junior"),
    ("Python Developer", "Software Engineer", None),
    ("Senior .NET Developer", "Software Engineer", "Senior"),
    ("Staff Engineer", "Software Engineer", "Staff"),
    ("Senior Staff Software Engineer", "Software Engineer", "Staff"),
    ("Principal Engineer", "Software Engineer", "Principal"),
    ("Distinguished Engineer", "Software Engineer", "Principal"),
    ("Tech Lead", "Software Engineer", "Lead"),
    ("Technical Lead", "Software Engineer", "Lead"),
    ("Lead Developer", "Software Engineer", "Lead"),
    ("Member of Technical Staff", "Software Engineer", None),
    ("New Grad Software Engineer", "Software Engineer", "Junior"),
    ("Entry-level Software Developer", "Software Engineer", "Junior"),
    ("Software Engineering Intern", "Software Engineer", "Intern"),
    ("Software Engineer Intern", "Software Engineer", "Intern"),
    ("Mid-level Software Engineer", "Software Engineer", "Mid"),
    ("Intermediate Developer", "Software Engineer", "Mid"),
    ("Sr. Frontend Dev", "Frontend Engineer", "Senior"),
    ("Front-End Developer", "Frontend Engineer", None),
    ("Front End Engineer", "Frontend Engineer", None),
    ("UI Engineer", "Frontend Engineer", None),
    ("Web Developer", "Frontend Engineer", None),
    ("Backend Engineer", "Backend Engineer", None),
    ("Sr Back-end Developer", "Backend Engineer", "Senior"),
    ("Full-stack developer", "Full Stack Engineer", None),
    ("Senior Full Stack Engineer", "Full Stack Engineer", "Senior"),
    ("iOS Developer", "Mobile Engineer", None),
    ("Android Engineer", "Mobile Engineer", None),
    ("Senior Mobile Developer", "Mobile Engineer", "Senior"),
    ("Staff ML Engineer", "Machine Learning Engineer", "Staff"),
    ("Machine Learning Engineer", "Machine Learning Engineer", None),
    ("MLE", "Machine Learning Engineer", None),
    ("Senior ML Eng", "Machine Learning Engineer", "Senior"),
    ("AI Engineer", "Machine Learning Engineer", None),
    ("MLOps Engineer", "Machine Learning Engineer", None),
    ("Computer Vision Engineer", "Machine Learning Engineer", None),
    ("Data Scientist", "Data Scientist", None),
    ("Senior Data Scientist", "Data Scientist", "Senior"),
    ("Sr DS", "Data Scientist", "Senior"),
    ("Principal Data Scientist", "Data Scientist", "Principal"),
    ("Applied Scientist", "Data Scientist", None),
    ("Data Science Intern", "Data Scientist", "Intern"),
    ("Research Scientist", "Research Scientist", None),
    ("Data Analyst", "Data Analyst", None),
    ("BI Analyst", "Data Analyst", None),
    ("Business Intelligence Analyst", "Data Analyst", None),
    ("Junior Data Analyst", "Data Analyst", "Junior"),
    ("Analytics Engineer", "Analytics Engineer", None),
    ("Senior Analytics Engineer", "Analytics Engineer", "Senior"),
    ("DevOps Engineer", "DevOps Engineer", None),
    ("DevOps", "DevOps Engineer", None),
    ("Dev Ops Engineer", "DevOps Engineer", None),
    ("Platform Engineer", "DevOps Engineer", None),
    ("Cloud Engineer", "DevOps Engineer", None),
    ("Infrastructure Engineer", "DevOps Engineer", None),
    ("SRE", "Site Reliability Engineer", None),
    ("Senior SRE", "Site Reliability Engineer", "Senior"),
    ("Site Reliability Engineer", "Site Reliability Engineer", None),
    ("QA", "QA Engineer", None),
    ("QA Engineer", "QA Engineer", None),
    ("SDET", "QA Engineer", None),
    ("Software Engineer in Test", "QA Engineer", None),
    ("Quality Assurance Analyst", "QA Engineer", None),
    ("Test Automation Engineer", "QA Engineer", None),
    ("Security Engineer", "Security Engineer", None),
    ("AppSec Engineer", "Security Engineer", None),
    ("Solutions Architect", "Solutions Architect", None),
    ("Software Architect", "Solutions Architect", None),
    ("Firmware Engineer", "Embedded Engineer", None),
    ("Product Manager", "Product Manager", None),
    ("PM", "Product Manager", None),
    ("Sr. PM", "Product Manager", "Senior"),
    ("Senior Product Manager", "Product Manager", "Senior"),
    ("Associate Product Manager", "Product Manager", "Junior"),
    ("Principal PM", "Product Manager", "Principal"),
    ("Product Owner", "Product Manager", None),
    ("Group Product Manager", "Product Manager", None),
    ("TPM", "Technical Program Manager", None),
    ("Technical Program Manager", "Technical Program Manager", None),
    ("Senior TPM", "Technical Program Manager", "Senior"),
    ("Program Manager", "Program Manager", None),
    ("Project Manager", "Project Manager", None),
    ("Scrum Master", "Project Manager", None),
    ("UX Designer", "Product Designer", None),
    ("UX/UI Designer", "Product Designer", None),
    ("Product Designer", "Product Designer", None),
    ("Senior Product Designer", "Product Designer", "Senior"),
    ("UX Researcher", "UX Researcher", None),
    ("Product Marketing Manager", "Product Marketing Manager", None),
    ("Account Executive", "Account Executive", None),
    ("AE", "Account Executive", None),
    ("Enterprise AE", "Account Executive", None),
    ("Senior Account Executive", "Account Executive", "Senior"),
    ("BDR", "Sales Development Representative", None),
    ("SDR", "Sales Development Representative", None),
    ("Business Development Rep", "Sales Development Representative", None),
    ("Sales Development Representative", "Sales Development Representative", None),
    ("Account Manager", "Account Manager", None),
    ("Key Account Manager", "Account Manager", None),
    ("CSM", "Customer Success Manager", None),
    ("Customer Success Manager", "Customer Success Manager", None),
    ("Sales Engineer", "Solutions Engineer", None),
    ("Pre-Sales Engineer", "Solutions Engineer", None),
    ("Recruiter", "Recruiter", None),
    ("Technical Recruiter", "Recruiter", None),
    ("Senior Technical Recruiter", "Recruiter", "Senior"),
    ("Sourcer", "Recruiter", None),
    ("Talent Acquisition Partner", "Recruiter", None),
    ("HRBP", "HR Business Partner", None),
    ("Senior HRBP", "HR Business Partner", "Senior"),
    ("HR Business Partner", "HR Business Partner", None),
    ("People Partner", "HR Business Partner", None),
    ("Human Resources Generalist", "HR Generalist", None),
    ("Financial Analyst", "Financial Analyst", None),
    ("Business Analyst", "Business Analyst", None),
    ("Software Engineer, Backend", "Backend Engineer", None),
    ("Software Engineer II (Backend)", "Backend Engineer", "Mid"),
    ("Senior Software Engineer - Machine Learning", "Machine Learning Engineer", "Senior"),
    ("iOS Software Engineer", "Mobile Engineer", None),
    ("Staff Software Engineer (Infrastructure)", "Software Engineer", "Staff"),
    ("Data Engineer (Contract)", "Data Engineer", None),
    ("Junior Frontend Developer (React)", "Frontend Engineer", "Junior"),
    ("SDE-2", "Software Engineer", "Mid"),
    ("Founding Engineer", "Software Engineer", None),
    ("Product Analyst", "Data Analyst", None),
    ("Network Engineer", "Systems Engineer", None),
    ("DBA", "Systems Engineer", None),
    ("Support Engineer", "Support Engineer", None),
    ("Solutions Consultant", "Solutions Engineer", None),
    ("Principal TPM", "Technical Program Manager", "Principal"),
    # leadership: the family is the area led
    ("Eng Manager", "Engineering", "Manager"),
    ("Engineering Manager", "Engineering", "Manager"),
    ("Software Engineering Manager", "Engineering", "Manager"),
    ("Senior Engineering Manager", "Engineering", "Manager"),
    ("Director of Engineering", "Engineering", "Director"),
    ("Senior Director, Engineering", "Engineering", "Director"),
    ("Engineering Director", "Engineering", "Director"),
    ("VP of Engineering", "Engineering", "VP"),
    ("VP Engineering", "Engineering", "VP"),
    ("Vice President, Engineering", "Engineering", "VP"),
    ("Head of Engineering", "Engineering", "Head"),
    ("CTO", "Engineering", "Chief"),
    ("Co-Founder & CTO", "Engineering", "Chief"),
    ("Chief Technology Officer", "Engineering", "Chief"),
    ("Engineering Lead", "Engineering", "Lead"),
    ("Data Engineering Manager", "Data Engineering", "Manager"),
    ("Manager, Data Science", "Data Science", "Manager"),
    ("Head of Data", "Data", "Head"),
    ("Chief Data Officer", "Data", "Chief"),
    ("Director of Product Management", "Product", "Director"),
    ("Head of Product", "Product", "Head"),
    ("VP Product", "Product", "VP"),
    ("CPO", "Product", "Chief"),
    ("VP Sales", "Sales", "VP"),
    ("EVP Sales", "Sales", "VP"),
    ("Sales Manager", "Sales", "Manager"),
    ("Sales Director", "Sales", "Director"),
    ("Chief Revenue Officer", "Sales", "Chief"),
    ("Marketing Manager", "Marketing", "Manager"),
    ("CMO", "Marketing", "Chief"),
    ("Head of Talent", "Talent", "Head"),
    ("Recruiting Manager", "Talent", "Manager"),
    ("Head of People", "People", "Head"),
    ("HR Director", "People", "Director"),
    ("Design Manager", "Design", "Manager"),
    ("CFO", "Finance", "Chief"),
    ("CEO", "Executive", "Chief"),
    ("Data Analytics Manager", "Analytics", "Manager"),
    ("Sr. Manager, Engineering", "Engineering", "Manager"),
    ("Head of Data Science", "Data Science", "Head"),
    ("Regional Sales Manager", "Sales", "Manager"),
    ("Senior Director of Product", "Product", "Director"),
]


@pytest.mark.parametrize(("written", "family", "seniority"), TITLES)
def test_real_titles(written: str, family: str, seniority: str | None) -> None:
    title = parse_title(written)
    assert (title.family, title.seniority, title.known) == (family, seniority, True)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_is_reachable_by_its_own_name(family: str) -> None:
    title = parse_title(family)
    assert (title.family, title.seniority, title.known, title.text) == (family, None, True, family)


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("Sr. Data Eng", "Senior Data Engineer"),
        ("SWE II", "Mid-level Software Engineer"),
        ("Staff ML Engineer", "Staff Machine Learning Engineer"),
        ("TPM", "Technical Program Manager"),
        ("Eng Manager", "Engineering Manager"),
        ("VP Sales", "VP of Sales"),
        ("BDR", "Sales Development Representative"),
        ("HRBP", "HR Business Partner"),
        ("Software Engineering Intern", "Software Engineer Intern"),
        ("Senior Manager, Data Science", "Manager, Data Science"),
        ("CTO", "Chief Technology Officer"),
    ],
)
def test_display_text(written: str, text: str) -> None:
    assert parse_title(written).text == text


@pytest.mark.parametrize("written", ["Senior Wizard", "Team Lead", "Chief of Staff", "Astronaut", "42"])
def test_unknown_titles_keep_their_text_and_any_seniority(written: str) -> None:
    title = parse_title(written)
    assert (title.family, title.known, title.text) == (None, False, written)
    assert parse_title("Senior Wizard").seniority == "Senior"
    assert parse_title("Senior Data Engineer").known  # unknown is an answer, not what every title gets


def test_seniority_rank_follows_the_ladder() -> None:
    assert [seniority_rank(s) for s in SENIORITY_LEVELS] == list(range(len(SENIORITY_LEVELS)))
    assert seniority_rank("senior") == seniority_rank("Senior") == 3
    assert seniority_rank("Wizard") is None
    assert seniority_rank(None) is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=50), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_cell_gives_a_title_that_reads_back_as_itself(value: object) -> None:
    title = parse_title(value)
    assert isinstance(title, Title)
    assert title.seniority is None or title.seniority in SENIORITY_LEVELS
    if not title.known:  # unknown text is kept as typed (spaces collapsed)
        assert title.text == ("" if value is None or isinstance(value, bool) or value != value else " ".join(str(value).split()))
    assert parse_title(title.text) == title


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([t[0] for t in TITLES]), st.sampled_from(["", " ", "  "]), st.booleans())
def test_canonical_text_is_a_fixed_point(written: str, pad: str, upper: bool) -> None:
    title = parse_title(pad + (written.upper() if upper else written) + pad)
    assert parse_title(title.text) == title


IC_TITLES = [t for t in TITLES if t[2] is None and t[1] in FAMILIES]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(IC_TITLES), st.sampled_from(["Junior", "Senior", "Sr.", "Staff", "Principal", "Lead"]))
def test_a_seniority_word_adds_seniority_and_keeps_the_family(title: tuple, word: str) -> None:
    written, family, _ = title
    parsed = parse_title(f"{word} {written}")
    assert parsed.family == family
    assert parsed.seniority == {"Sr.": "Senior"}.get(word, word)
