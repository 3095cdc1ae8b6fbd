"""Municipal strategies and boligsociale helhedsplaner: the model, the funding-period rules, targets and goal status,
checks and reports — no Django (the web stores and shows them; see ``boligmonitor.web.plans``)."""
