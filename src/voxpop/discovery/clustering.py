"""The arithmetic of topic discovery, apart from the database.

Texts are encoded with the tagging engine's sparse encoder (TF-IDF over word 1-2 grams
and character 2-5 grams, so Chinese and Korean work without word segmentation), reduced
with truncated SVD (latent semantic analysis) to at most 100 dimensions, L2-normalised,
and clustered with MiniBatchKMeans: fast and memory-bounded on a 2-core machine, with a
fixed seed so a run can be repeated. Cosine similarity to a cluster's centroid ranks its
members and the sentences quoted from them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from voxpop.engine.encoders import make_encoder

MAX_COMPONENTS = 100
MAX_CLUSTERS = 40
TERMS = 8
SCAN_TERMS = 400
# A longer term replaces the shorter ones inside it when it is nearly as typical.
LONGER_TERM = 0.8
# Below this many conversations full k-means is affordable and steadier than mini-batches.
FULL_KMEANS_ROWS = 5000
# Clusters whose centroids are at least this similar (cosine) are one topic.
MERGE_ABOVE = 0.5
# Features in more of the pool than this share are style, not topic.
MAX_DF = 0.2
# A sentence written word for word in this many conversations is boilerplate.
BOILERPLATE_REPEATS = 5
# A sentence ends at . ! ? (and their full-width forms) or a line break.
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def default_clusters(pool: int) -> int:
    """About one cluster per 25 conversations at first, growing with the square root
    of the pool, between 2 and 40: enough to separate topics, few enough to read."""
    return max(2, min(MAX_CLUSTERS, round(math.sqrt(pool / 2)), pool // 10 or 2))


@dataclass
class Sentence:
    conversation_id: int
    message_id: int
    start: int
    end: int
    text: str


def sentences(conversation_id: int, message_id: int, text: str, min_chars: int = 4) -> list[Sentence]:
    """Split a message into sentences, each with its character span in the message."""
    found = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start >= min_chars:
            found.append(Sentence(conversation_id, message_id, start, end, text[start:end]))
    return found


@dataclass
class Space:
    """The fitted encoder, the feature columns kept and the reduction, and the pool's
    vectors in both spaces."""

    encoder: Any
    columns: np.ndarray  # indices of the encoder's features that are used
    svd: TruncatedSVD | None
    tfidf: Any  # sparse rows over the kept columns, one per text
    vectors: np.ndarray  # reduced, L2-normalised rows

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        matrix = normalize(self.encoder.transform(list(texts))[:, self.columns])
        reduced = self.svd.transform(matrix) if self.svd is not None else matrix.toarray()
        return np.asarray(normalize(reduced))


def embed_pool(texts: Sequence[str], seed: int = 0) -> Space:
    """Encode, keep the topical features, reduce.

    Features in more than ``MAX_DF`` of the texts (greetings, "please", "the", a
    signature) say how people write, not what about, and would group conversations by
    form; features in only one text cannot group anything. Both are dropped before
    the reduction.
    """
    encoder = make_encoder("sparse").fit(list(texts))
    full = encoder.transform(list(texts)).tocsc()
    df = np.diff(full.indptr)
    columns = np.flatnonzero((df >= 2) & (df <= max(2, MAX_DF * len(texts))))
    if columns.size == 0:
        columns = np.arange(full.shape[1])
    tfidf = normalize(full[:, columns].tocsr())
    components = min(MAX_COMPONENTS, tfidf.shape[1] - 1, len(texts) - 1)
    if components < 2:
        return Space(encoder, columns, None, tfidf, np.asarray(normalize(tfidf.toarray())))
    svd = TruncatedSVD(n_components=components, random_state=seed, algorithm="randomized", n_iter=5)
    reduced = svd.fit_transform(tfidf)
    return Space(encoder, columns, svd, tfidf, np.asarray(normalize(reduced)))


def cluster(
    space: Space, k: int, seed: int = 0, merge_above: float = MERGE_ABOVE
) -> tuple[np.ndarray, np.ndarray]:
    """Labels for each row and the L2-normalised centroids.

    k-means over-segments on purpose (a topic phrased several ways may take several
    clusters); clusters whose centroids are closer than ``merge_above`` (cosine, average
    linkage) are then merged, so one topic comes back as one cluster.
    """
    rows = space.vectors.shape[0]
    k = max(1, min(k, rows))
    if rows <= FULL_KMEANS_ROWS:
        model: KMeans | MiniBatchKMeans = KMeans(n_clusters=k, random_state=seed, n_init=5)
    else:
        model = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048, max_iter=200)
    labels = model.fit_predict(space.vectors)
    centroids = np.asarray(normalize(model.cluster_centers_))
    if k > 2:
        merged = AgglomerativeClustering(
            n_clusters=None, distance_threshold=1 - merge_above, metric="cosine", linkage="average"
        ).fit_predict(centroids)
        labels = merged[labels]
    used = np.unique(labels)
    labels = np.searchsorted(used, labels)
    centroids = np.vstack([space.vectors[labels == label].mean(axis=0) for label in range(len(used))])
    return labels, np.asarray(normalize(centroids))


def feature_names(encoder: Any) -> tuple[list[str], int]:
    """The sparse encoder's feature names in column order, and how many of them are
    word features (the character n-grams follow them)."""
    words = [str(name) for name in encoder.word.get_feature_names_out()]
    chars = [str(name) for name in encoder.char.get_feature_names_out()]
    return words + chars, len(words)


def _readable(term: str) -> str | None:
    """A feature as a term people can read, or None: whole words and phrases in any
    script; character n-grams only from Chinese, Japanese or Korean, where they are
    the words (a Latin "efun" from "refund" is noise)."""
    text = unicodedata.normalize("NFC", term).strip()
    if len(text) < 2 or len(text) > 24 or "0" in text.split() or text.isdigit():
        return None
    if not all(ch.isalnum() or ch in " '-" for ch in text):
        return None  # punctuation: "好," or "something ?" is not a term
    return text


def top_terms(
    space: Space, members: np.ndarray, names: Sequence[str], n_word: int, count: int = TERMS
) -> list[str]:
    """The features most typical of the members against the whole pool, scored by
    p_in * log(p_in / p_all) over the share of texts holding them (a common word has
    p_in close to p_all and scores near zero), without repeats (a term inside one
    already chosen, or holding one, is skipped)."""
    present = space.tfidf > 0
    p_in = np.asarray(present[members].mean(axis=0)).ravel()
    p_all = np.asarray(present.mean(axis=0)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(p_in > 0, p_in * np.log(p_in / np.maximum(p_all, 1e-12)), 0.0)
    chosen: dict[str, float] = {}
    for index in np.argsort(-score, kind="stable")[:SCAN_TERMS]:
        if score[index] <= 0:
            break
        column = int(space.columns[index])
        term = _readable(names[column])
        if term is None or (column >= n_word and not _CJK.search(term)):
            continue
        inside = [other for other in chosen if other in term]
        if inside and all(score[index] >= LONGER_TERM * chosen[other] for other in inside):
            # "小组件" as typical as "小组" and "组件": the longer one says it better.
            for other in inside:
                del chosen[other]
            if not any(term in other for other in chosen):
                chosen[term] = float(score[index])
            continue
        if inside or any(term in other for other in chosen) or len(chosen) >= count:
            continue
        chosen[term] = float(score[index])
    return sorted(chosen, key=lambda term: -chosen[term])


def closest(vectors: np.ndarray, centroid: np.ndarray) -> np.ndarray:
    """Row indices ordered by cosine similarity to the centroid, closest first."""
    return np.argsort(-(vectors @ centroid), kind="stable")


def quotable(sentence: str) -> bool:
    """Long enough to say something: 6 characters of Chinese, Japanese or Korean, or
    four words elsewhere (a "Thanks!" or "안녕하세요." is not a quote)."""
    if len(_CJK.findall(sentence)) >= 6:
        return True
    return len(sentence.split()) >= 4


def strip_boilerplate(
    texts: Sequence[str], min_repeats: int = BOILERPLATE_REPEATS
) -> tuple[list[str], set[str]]:
    """Leave out sentences written word for word in ``min_repeats`` or more texts of the
    pool (greetings, sign-offs, macros, "Could you help me with something?"): they say
    how people write, and would group conversations by form instead of topic. A text
    made only of such sentences is kept whole. Returns the texts and the left-out
    sentences (case-folded)."""
    split = [[piece.text for piece in sentences(0, 0, text, min_chars=1)] for text in texts]
    seen: dict[str, int] = {}
    for parts in split:
        for key in {part.casefold() for part in parts}:
            seen[key] = seen.get(key, 0) + 1
    cleaned = []
    for text, parts in zip(texts, split, strict=True):
        kept = [part for part in parts if seen[part.casefold()] < min_repeats]
        cleaned.append("\n".join(kept) if kept else text)
    return cleaned, {key for key, n in seen.items() if n >= min_repeats}
