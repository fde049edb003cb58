"""Writes reviews.csv, the small text-classification table text_lstm.strata
trains on: short product reviews labelled positive or negative. Generated
from word lists with a fixed seed so the file is reproducible; run with any
python3: python3 make_reviews.py > reviews.csv"""
import csv
import random
import sys

rng = random.Random(20261123)
things = ["phone", "kettle", "lamp", "backpack", "keyboard", "blender", "jacket", "headset", "chair", "camera",
          "printer", "watch", "speaker", "tent", "mug", "charger", "monitor", "mattress", "drill", "router"]
good = ["great", "excellent", "sturdy", "reliable", "comfortable", "fast", "quiet", "beautiful", "solid", "perfect",
        "brilliant", "lovely", "handy", "superb"]
bad = ["terrible", "flimsy", "broken", "slow", "noisy", "cheap", "useless", "awful", "fragile", "disappointing",
       "faulty", "uncomfortable", "poor", "horrible"]
good_tails = ["works as described", "would buy again", "highly recommended", "my family loves it",
              "worth every penny", "arrived early and well packed", "five stars from me"]
bad_tails = ["stopped working after a week", "returned it the next day", "do not waste your money",
             "the support never answered", "it fell apart quickly", "one star is too many"]
neutral = ["i bought this", "we ordered the", "after a month with the", "my second", "got this", "the new"]
intens = ["really", "very", "quite", "so", "absolutely", ""]

w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["text", "label"])
for i in range(600):
    positive = i % 2 == 0
    adj = rng.choice(good if positive else bad)
    # A contrasting word in some reviews keeps the task from being a word lookup.
    other = rng.choice(bad if positive else good)
    parts = [rng.choice(neutral), rng.choice(things), "and it is", rng.choice(intens), adj]
    if rng.random() < 0.3:
        parts += ["not", other]
    parts += [rng.choice(good_tails if positive else bad_tails)]
    w.writerow([" ".join(p for p in parts if p), "positive" if positive else "negative"])
