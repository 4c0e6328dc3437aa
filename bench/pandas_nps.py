"""The pandas peer of issue 4's benchmark: read the whole export (every column, as Waymark keeps every column) and
compute NPS per touchpoint. Usage: python3 bench/pandas_nps.py SURVEY.csv"""
import sys

import pandas as pd

frame = pd.read_csv(sys.argv[1])
scores = frame.dropna(subset=["nps"])
by_card = scores.groupby("touchpoint")["nps"]
nps = 100 * (by_card.apply(lambda s: (s >= 9).mean()) - by_card.apply(lambda s: (s <= 6).mean()))
print(nps.to_json())
