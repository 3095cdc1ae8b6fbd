"""Example plans, invented: an agreement in the structure of a strategic cooperation agreement under the 2019-26
rules (seed 001's sections) and a municipal strategy shaped like a joint strategy with four focus areas (seed 000).
They document the plan file (docs/plan-file.md takes its examples from them) and are valid plan files.
"""

from __future__ import annotations

import datetime as dt

from boligmonitor.plans.model import Agreement, PlanFile, Strategy


def example_agreement(area_id: str = "H0001", municipality: int = 101) -> Agreement:
    d = dt.date
    return Agreement.model_validate({
        "key": "helhedsplan-2021-25", "title": "Strategisk samarbejdsaftale om boligsocial indsats",
        "funding_period": "lbf_2019_26", "areas": [area_id],
        "parties": [
            {"name": "Boligselskabet", "role": "housing_organisation", "org_id": "ORG0001",
             "signatories": [{"name": "Direktør A", "title": "Direktør", "signed": d(2021, 9, 1)}]},
            {"name": "Kommunen", "role": "municipality", "municipality": municipality,
             "signatories": [{"name": "Kommunaldirektør B", "signed": d(2021, 9, 3)}]},
            {"name": "Politiet", "role": "police"}],
        "period": {"start": d(2021, 10, 1), "end": d(2025, 9, 30)}, "baseline_year": 2020, "status": "signed",
        "about_area": "Tre almene boligområder med i alt 2.400 beboere.",
        "vision": "Et trygt boligområde, hvor flere er i uddannelse og arbejde.",
        "strategy": "Indsatsen arbejder vidensbaseret og tæt med kommunens kernedrift.",
        "working_principles": ["Beboerinddragelse", "Samskabelse"],
        "organisation": {"administering_organisation": "Boligselskabet", "bodies": [
            {"key": "bestyrelse", "name": "Bestyrelsen", "kind": "board",
             "members": [{"name": "Kommunaldirektør B", "organisation": "Kommunen", "role": "chair"},
                         {"name": "Direktør A", "organisation": "Boligselskabet"}]},
            {"key": "sekretariat", "name": "Sekretariatet", "kind": "secretariat"}]},
        "interplay": "Indsatsen spiller sammen med udviklingsplanen og kommunens områdeindsats.",
        "focus_areas": [
            {"key": "uddannelse", "title": "Uddannelse og livschancer", "theme": "uddannelse_og_livschancer",
             "problem_complex": "For mange går i stå efter grundskolen.",
             "goals": [{"key": "flere-i-uddannelse", "title": "Flere unge i uddannelse", "measured_by": [
                 {"indicator": "basic_not_in_education_18_29",
                  "target": {"kind": "change", "change": -0.25, "by": 2025}}]}],
             "delaftale": {"sub_goals": ["Flere unge starter på en ungdomsuddannelse"],
                           "activities": [{"key": "lektiecafe", "title": "Lektiecafé", "responsible": "Sekretariatet",
                                           "partners": ["Skolen"], "target_group": "6.-9. klasse",
                                           "status": "running", "outputs": ["40 elever om ugen"]}]},
             "theory_of_change": {"activities": ["lektiecafe"], "outputs": ["40 elever om ugen"],
                                  "outcomes": [{"text": "Bedre karakterer", "horizon": "medium",
                                                "indicators": ["grade_9th_avg"]}],
                                  "assumptions": ["Skolen deltager"], "risks": ["Frivillige falder fra"]}},
            {"key": "beskaeftigelse", "title": "Beskæftigelse", "theme": "beskaeftigelse",
             "goals": [{"key": "flere-i-job", "title": "Beskæftigelse på niveau med kommunen", "measured_by": [
                 {"indicator": "outside_labour_18_64",
                  "target": {"kind": "relative", "reference": "municipality", "close_gap": 0.5, "by": 2025}}]}],
             "delaftale": {"activities": [{"key": "jobcafe", "title": "Jobcafé", "status": "running"}]}}],
        "local_evaluation": "Et årligt seminar gennemgår forandringsteorien for hvert indsatsområde.",
        "revision_procedure": "Ændringer godkendes af bestyrelsen og Landsbyggefonden.",
        "budget": [
            {"year": 2022, "activity": "lektiecafe", "party": "Landsbyggefonden", "source": "lbf", "amount": 600000,
             "spent": 580000},
            {"year": 2022, "activity": "jobcafe", "party": "Landsbyggefonden", "source": "lbf", "amount": 900000,
             "spent": 910000},
            {"year": 2022, "party": "Kommunen", "source": "municipality", "amount": 300000, "spent": 300000},
            {"year": 2022, "party": "Boligselskabet", "source": "housing_organisation", "amount": 200000}],
        "milestones": [{"key": "jobcafe-aabner", "title": "Jobcaféen åbner", "due": d(2022, 1, 15), "status": "done",
                        "done_on": d(2022, 1, 10)}],
        "attachments": [{"kind": "beredskabsplan", "title": "Beredskabsplan", "file_name": "beredskabsplan.pdf"},
                        {"kind": "kommissorium", "title": "Kommissorium for bestyrelsen"},
                        {"kind": "indberetningsskema", "title": "Indberetningsskema"}],
        "reports": [{"year": 2022, "status": "approved", "submitted": d(2023, 2, 1), "approved": d(2023, 2, 20),
                     "approved_by": "Bestyrelsen",
                     "activities": [{"activity": "jobcafe", "status": "running", "narrative": "120 besøg."}]}],
        "revisions": [{"number": 1, "date": d(2023, 3, 1), "by": "Sekretariatet", "why": "Ny aktivitet",
                       "status": "approved", "approved_by": "Bestyrelsen"}],
        "manual_values": [{"indicator": "tryghed", "year": 2020, "value": 0.74,
                           "source": "Tryghedssurvey VIVE/LBF 2020", "respondents": 388}],
    })


def example_strategy(municipality: int = 101) -> Strategy:
    return Strategy.model_validate({
        "key": "strategi-2030", "title": "Fælles strategi for udsatte boligområder", "municipality": municipality,
        "organisations": ["Boligselskabet"], "period": {"start": dt.date(2020, 1, 1), "end": dt.date(2030, 12, 31)},
        "vision": "I 2030 er ingen boligområder i kommunen på listerne.", "scope": {"all_almen_areas": True},
        "baseline_year": 2020, "status": "published",
        "focus_areas": [
            {"key": "arbejde", "title": "Flere i arbejde", "goals": [
                {"key": "beskaeftigelse", "title": "Beskæftigelse på kommunens niveau", "measured_by": [
                    {"indicator": "outside_labour_18_64", "target": {"kind": "relative", "by": 2030}}]}]},
            {"key": "uddannelse", "title": "Flere i uddannelse", "goals": [
                {"key": "ungdomsuddannelse", "title": "95 % af de unge gennemfører en ungdomsuddannelse",
                 "measured_by": [{"indicator": "in_education_16_29",
                                  "target": {"kind": "absolute", "value": 0.95, "by": 2030}}]}]},
            {"key": "medborgerskab", "title": "Styrket medborgerskab", "goals": [
                {"key": "valgdeltagelse", "title": "Højere valgdeltagelse", "measured_by": [
                    {"indicator": "turnout_18plus", "target": {"kind": "change", "change": 0.1, "by": 2030}}]}]},
            {"key": "boliger", "title": "Attraktive og varierede boliger til alle", "goals": [
                {"key": "ingen-paa-listen", "title": "Ingen områder på listerne i 2030", "measured_by": [
                    {"indicator": "lists", "label": "Områder på listerne",
                     "target": {"kind": "list", "lists": ["udsat_boligomraade", "parallelsamfund"], "at_most": 0,
                                "by": 2030}}]}]}],
        "change_strategy": "Vi arbejder på tværs af forvaltninger og med boligorganisationerne.",
    })


def example_files() -> list[PlanFile]:
    return [PlanFile(plan=example_agreement()), PlanFile(plan=example_strategy())]
