"""The corpus reading shared by the mining scripts: each record's title and text, normalised as
extract::arabic::normalize does (hamza forms of alef → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, harakat
and tatweel dropped)."""
import gzip, json, re

TR = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و",
                    "ئ": "ي", "ک": "ك", "ی": "ي"})
DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile("[\u0621-\u064a]+")


def normalised_texts(corpus):
    """Yields the normalised title + text of every record of CORPUS (JSON Lines, gzip or plain)."""
    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield DROP.sub("", (r.get("title") or "") + " " + (r.get("text") or "")).translate(TR)
