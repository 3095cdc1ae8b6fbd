"""The plans web application: municipal strategies and boligsociale helhedsplaner stored, edited, followed up and
shown (issue 10). The rules of plans live in ``boligmonitor.plans`` (no Django); this app stores the plan documents,
edits them through forms validated by the shared pydantic model, and shows them with the data of a vintage."""
