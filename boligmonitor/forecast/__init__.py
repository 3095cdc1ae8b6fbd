"""Looking forward from the published lists: the early-warning watchlist, the forecast of the lists one to three
years ahead (the real rule functions applied to simulated futures of each criterion's inputs) and its backtest.

A core package: it reads a vintage's published cells and classification rows only (:mod:`.data`), never person
rows, the pipeline or Django, so the CLI and the web application call the same functions.
"""
