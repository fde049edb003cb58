"""Writes reviews_hard.csv, the review table transformer_text.strata trains
on: 4,000 reviews of two clauses joined by "but" (or "although"), where the
last clause decides the label ("A but B", "although A B": B) and "not" flips
a clause. Both clauses use the same words, so a bag of words cannot tell the
labels apart: a model has to read word order, which the small reviews.csv
(which text_lstm.strata and the Transformer both learn perfectly) does not
ask for. Fixed seed, reproducible: python3 make_reviews_hard.py > reviews_hard.csv"""
import csv
import random
import sys

rng = random.Random(20261128)
things = ["phone", "kettle", "lamp", "backpack", "keyboard", "blender", "jacket", "headset", "chair", "camera",
          "printer", "watch", "speaker", "tent", "mug", "charger", "monitor", "mattress", "drill", "router"]
parts = ["battery", "handle", "screen", "strap", "lid", "cable", "button", "case", "sound", "price"]
good = ["great", "excellent", "sturdy", "reliable", "comfortable", "fast", "quiet", "beautiful", "solid", "perfect"]
bad = ["terrible", "flimsy", "broken", "slow", "noisy", "cheap", "useless", "awful", "fragile", "faulty"]
openers = ["i bought this", "we ordered the", "after a month with the", "my second", "got this", "the new"]
intens = ["really", "very", "quite", "so", ""]


def clause(positive):
    """A clause of the given sentiment: a good or bad word, possibly negated."""
    negated = rng.random() < 0.3
    word = rng.choice(good if positive != negated else bad)
    return ["the", rng.choice(parts), "is"] + (["not"] if negated else [rng.choice(intens)]) + [word]


w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["text", "label"])
for i in range(4000):
    positive = i % 2 == 0
    deciding, other = clause(positive), clause(rng.random() < 0.5)
    head = [rng.choice(openers), rng.choice(things)]
    if rng.random() < 0.7:
        words = head + other + ["but"] + deciding
    else:
        words = head + ["although"] + other + [","] + deciding
    w.writerow([" ".join(p for p in words if p and p != ","), "positive" if positive else "negative"])
