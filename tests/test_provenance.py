"""Provenance on texts written here: wire copies with their own intros, copies, rewrites."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.clean import clean_article
from newsprism.embed import embed_documents
from newsprism.models import Article, RawArticle
from newsprism.provenance import find_provenance

WIRE = [
    "The Marrow River burst its banks on Sunday, flooding three villages downstream of the old mill.",
    "Rescue teams evacuated about 600 residents by boat overnight, the regional authority said.",
    "The river rose more than two metres in six hours after record rainfall in the hills.",
    "Farmers said the water destroyed most of the barley crop that was due to be harvested next month.",
    "The authority said it would open emergency shelters in the town hall and two schools.",
    "Weather forecasters expect more rain in the region until at least Wednesday evening.",
]
# WIRE spun: every sentence reworded, in order
SPUN = [
    "The Marrow Stream overflowed its banks on Sunday, swamping three towns downstream of the old factory.",
    "Salvage groups cleared around 600 inhabitants by vessel for the time being, the local power said.",
    "The waterway climbed in excess of two meters in six hours after record precipitation in the slopes.",
    "Ranchers said the water obliterated the greater part of the grain crop that was expected to be reaped one month from now.",
    "The power said it would open crisis covers in the municipal center and two schools.",
    "Climate forecasters anticipate more downpour in the district until at any rate Wednesday night.",
]


def article(lines, outlet, **fields):
    raw = RawArticle(
        body="\n".join(lines),
        source_path=f"{outlet}.txt",
        format="text",
        outlet=outlet,
        title=fields.pop("title", f"{outlet} flood story"),
        **fields,
    )
    return clean_article(raw)


def test_wire_story_carried_by_three_outlets_with_their_own_intros():
    outlets = ["Hill Gazette", "Valley Post", "Town Crier"]
    intros = [
        "Our correspondent in the valley reports on a night of rescues.",
        "Readers in the lowlands should check their insurance policies today.",
        "This newspaper has covered the river's floods since 1921.",
    ]
    copies = [
        article([intro, *WIRE, "(Meridian Wire)"], outlet)
        for intro, outlet in zip(intros, outlets, strict=True)
    ]
    provenance = find_provenance(copies)
    for copy in copies:
        result = provenance[copy.id]
        assert result.kind == "syndicated"
        assert result.of is None
        assert any("shared with" in s or "shares" in s for s in result.signals)
        assert any("Meridian Wire" in s for s in result.signals)
        # the copies of one wire story name each other, whatever their ids look like
        assert copy.id in {i for other in copies for i in provenance[other.id].same_text_as}


def test_copies_of_one_wire_story_name_each_other_whatever_their_ids():
    copies = [
        article([f"{outlet} reports from the valley.", *WIRE, "(Meridian Wire)"], outlet)
        for outlet in ["Hill Gazette", "Valley Post"]
    ]
    copies = [c.model_copy(update={"id": f"wire-copy-{n}"}) for n, c in enumerate(copies)]
    provenance = find_provenance(copies)
    assert provenance["wire-copy-0"].same_text_as == ["wire-copy-1"]
    assert provenance["wire-copy-1"].same_text_as == ["wire-copy-0"]


def test_partial_copy_with_an_added_intro_points_to_its_source():
    source = article(WIRE, "River Times", published="2025-04-06")
    copy = article(
        ["A short local intro written by the aggregator site.", *WIRE[:4]],
        "Aggregator",
        published="2025-04-07",
    )
    result = find_provenance([source, copy])
    # four of the source's six sentences and a line of its own: an abridged copy
    assert result[copy.id].kind == "partial"
    assert result[copy.id].of == source.id
    assert any("abridged" in signal for signal in result[copy.id].signals)
    assert [p.change for p in result[copy.id].passages] == ["verbatim"] * 4
    assert result[copy.id].same_text_as == [source.id]
    assert result[source.id].kind == "original"


def test_verbatim_copy_on_another_site_is_republished():
    source = article(WIRE, "River Times")
    copy = article([*WIRE, "READ MORE FROM THE RIVER TIMES"], "copysite.example")
    result = find_provenance([source, copy])
    assert (result[copy.id].kind, result[copy.id].of) == ("republished", source.id)
    assert any("credits" in s for s in result[copy.id].signals)


def test_unrelated_articles_are_original():
    other = [
        "The city council approved a new cycling lane along the harbour front on Tuesday.",
        "The lane will cost about 1.2 million euros and open in the spring, officials said.",
    ]
    a, b = article(WIRE, "River Times"), article(other, "Harbour News")
    result = find_provenance([a, b])
    assert result[a.id].kind == result[b.id].kind == "original"


@pytest.mark.slow
def test_spun_rewrite_is_found_and_points_to_its_source(models):
    spun = [*SPUN, "NHBX's reporter in the valley said the roads stayed shut."]
    source = article(
        [*WIRE, "The River Times' reporter in the valley said the roads stayed shut."],
        "River Times",
    )
    copy = article(spun, "NewsHub99")
    vectors = embed_documents([source, copy], models)
    result = find_provenance([source, copy], models, embeddings=vectors)
    assert (result[copy.id].kind, result[copy.id].of) == ("rewritten", source.id)
    assert result[source.id].kind == "original"
    assert any("NHBX" in signal for signal in result[copy.id].signals)
    assert any("NHBX" in signal for signal in result[copy.id].signals)


@pytest.mark.slow
def test_two_short_independent_reports_of_one_event_are_not_a_rewrite(models):
    """Short reports of one event align sentence by sentence, in their own words."""
    first = article(
        [
            "Heavy rain flooded the market town of Brindle on Tuesday, forcing hundreds "
            "from their homes.",
            "Emergency crews evacuated around 200 homes overnight as the river burst its banks.",
            "The regional council said the main roads would stay closed until Friday.",
        ],
        "Brindle Courier",
    )
    second = article(
        [
            "Torrential downpours swamped Brindle on Tuesday and drove hundreds of residents out.",
            "Rescue teams moved people from some 200 houses during the night when the river "
            "overflowed.",
            "Council officials said major routes into the town will remain shut until the end "
            "of the week.",
        ],
        "County Wire Service",
    )
    vectors = embed_documents([first, second], models)
    result = find_provenance([first, second], models, embeddings=vectors)
    assert [result[a.id].kind for a in (first, second)] == ["original", "original"]


def test_similar_pairs_are_found_among_neighbours_as_all_with_all(monkeypatch):
    import numpy as np

    import newsprism.provenance as provenance

    rng = np.random.default_rng(5)
    centres = rng.normal(size=(12, 32))
    vectors = np.repeat(centres, 25, axis=0) + 0.35 * rng.normal(size=(300, 32))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    exact = provenance.similar_pairs(vectors, 0.8, 10).tolist()
    assert exact and all(i < j for i, j in exact) and exact == sorted(exact)
    # with every neighbour: every pair above the threshold
    similarity = vectors @ vectors.T
    everything = {(i, j) for i, j in zip(*np.where(np.triu(similarity, 1) >= 0.8), strict=True)}
    assert set(map(tuple, provenance.similar_pairs(vectors, 0.8, 300).tolist())) == everything
    monkeypatch.setattr(provenance, "EXACT_PAIR_VECTORS", 0)  # the HNSW path
    assert provenance.similar_pairs(vectors, 0.8, 10).tolist() == exact
    monkeypatch.setattr(provenance, "SEARCH_BATCH", 64)  # in several batches, the last short
    assert provenance.similar_pairs(vectors, 0.8, 10).tolist() == exact
    monkeypatch.setattr(provenance, "ROWS_PER_STEP", 7)
    assert list(provenance._rows(np.array(exact))) == [tuple(pair) for pair in exact]


@given(st.lists(st.lists(st.sampled_from("abcdef"), max_size=12), min_size=1, max_size=7))
def test_shingle_hashes_give_what_the_shingle_strings_give(token_lists):
    from itertools import combinations

    from newsprism.provenance import (
        ProvenanceOptions,
        _Grams,
        _jaccard,
        _passage_pairs,
        _shingle_hashes,
        _shingles,
    )

    hashed = [_shingle_hashes(tokens, 3) for tokens in token_lists]
    strings = [_shingles(tokens, 3) for tokens in token_lists]
    for a, as_strings in zip(hashed, strings, strict=True):
        assert len(a) == len(as_strings)
        for b, bs_strings in zip(hashed, strings, strict=True):
            union = as_strings | bs_strings
            expected = len(as_strings & bs_strings) / len(union) if a.size and b.size else 0.0
            assert _jaccard(a, b) == pytest.approx(expected)
    # the candidate pairs: shared grams counted, grams held too widely left out
    options = ProvenanceOptions(passage_candidate_shingles=2, passage_max_holders=3)
    grams = _Grams()
    for hashes in hashed:
        grams.append(hashes)
    for n, hashes in enumerate(hashed):  # read back from its file as written
        assert grams[n].tolist() == hashes.tolist()
    holders = {
        g: {n for n, found in enumerate(strings) if g in found} for g in set().union(*strings)
    }
    expected = set()
    for i, j in combinations(range(len(strings)), 2):
        shared = [g for g in strings[i] & strings[j] if len(holders[g]) <= 3]
        if len(shared) >= 2:
            expected.add((i, j))
    found = _passage_pairs(grams, options).tolist()
    assert found == sorted(found) and set(map(tuple, found)) == expected
    # built in passes over ranges of hash values, down to a gram or two per pass
    for grams_per_pass in (1, 2, 5):
        assert _passage_pairs(grams, options, grams_per_pass).tolist() == found
    grams.close()


def test_an_abbreviation_cut_off_by_the_splitter_is_not_a_spinning_fragment():
    lines = [
        "The bill passed the House on Thursday with the votes of both parties.",
        "Reps.",
        "Members of the committee said the measure would be signed next week.",
    ]
    cut = article(lines, "Capitol Daily")
    spun = article([*lines[:1], "the.", *lines[2:]], "Spin Desk", title="Spin Desk bill story")
    other = article(WIRE, "Hill Gazette")
    result = find_provenance([cut, spun, other])
    assert not any("fragments" in signal for signal in result[cut.id].signals)
    assert any("fragments" in signal for signal in result[spun.id].signals)


OTHER_WIRE = [
    "The Marrow River flood forced the closure of the railway line between Esk and Holm.",
    "Engineers said the bridge at Holm would be inspected before trains could run again.",
    "A spokesman for the rail operator said replacement buses would run from Monday morning.",
    "Passengers were told to expect delays of up to an hour on the coastal route this week.",
    "The operator said it had not yet estimated the cost of repairs to the damaged track.",
    "Local schools near the line will stay closed until the water has fully receded.",
]


def test_patchwork_of_two_articles_names_both_sources():
    first = article(WIRE, "River Times")
    second = article(OTHER_WIRE, "Rail Weekly")
    patchwork = article([*WIRE[:3], *OTHER_WIRE[3:]], "Content Farm")
    result = find_provenance([first, second, patchwork])
    found = result[patchwork.id]
    assert found.kind == "partial"
    assert set(found.sources) == {first.id, second.id} and found.of in found.sources
    assert found.share is not None and found.share > 0.9
    assert {p.source for p in found.passages} == {first.id, second.id}
    assert any("patchwork" in signal for signal in found.signals)
    # its sources stay two independent voices, each original
    assert result[first.id].kind == result[second.id].kind == "original"
    assert second.id not in result[first.id].same_text_as


def test_abridged_copy_is_the_copy_whatever_the_ids_say():
    source = article(WIRE, "River Times").model_copy(update={"id": "a-source"})
    # the copy's id sorts after the source's: the order of ids must not decide
    copy = article(WIRE[:3], "Short Desk").model_copy(update={"id": "b-copy"})
    for pair in ([source, copy], [copy, source]):
        result = find_provenance(pair)
        assert (result["b-copy"].kind, result["b-copy"].of) == ("partial", "a-source")
        assert result["a-source"].kind == "original"


def test_passages_lifted_into_an_article_of_its_own():
    # a passage shared by two texts, each with text of its own: only the dates tell who
    # took it from whom
    source = article(WIRE, "River Times", published="2025-04-06")
    own = [
        "Insurers in the county met on Monday to discuss the cost of this year's storms.",
        "Several firms said premiums for riverside homes were likely to rise next spring.",
    ]
    lifted = article(
        [own[0], WIRE[1], WIRE[2], own[1], WIRE[3]], "Digest Daily", published="2025-04-09"
    )
    result = find_provenance([source, lifted])
    found = result[lifted.id]
    assert (found.kind, found.of) == ("partial", source.id)
    assert [p.change for p in found.passages] == ["verbatim"] * 3
    assert any("passages lifted" in signal for signal in found.signals)
    assert result[source.id].kind == "original"
    # passages lifted into a text of its own do not make the two one voice
    assert found.same_text_as == []


def test_a_copy_edited_in_every_sentence_is_a_near_duplicate():
    edited = [
        sentence.replace("the ", "the local ", 1).replace(" said", " stated") for sentence in WIRE
    ]
    source = article(WIRE, "River Times", published="2025-04-06")
    copy = article(edited, "Regional Roundup", published="2025-04-08")
    result = find_provenance([source, copy])
    assert (result[copy.id].kind, result[copy.id].of) == ("near_duplicate", source.id)
    assert result[copy.id].kept is not None and 0.8 < result[copy.id].kept < 1
    assert any(p.change == "edited" for p in result[copy.id].passages)


def test_independent_reports_sharing_a_long_quote_stay_original():
    quote = (
        "“We have never seen the river rise this fast, and we will be counting the cost "
        "of this night for years to come,” the mayor told reporters at the town hall."
    )
    first = article(
        [
            "Floodwater swept through three villages below the old mill before dawn on Sunday.",
            quote,
            "Boats carried hundreds of families to dry ground as the water kept rising.",
            "The regional authority opened shelters in two schools and a sports hall.",
        ],
        "Hill Gazette",
    )
    second = article(
        [
            "Residents of the lower valley woke on Sunday to water at their front doors.",
            "Rescue crews worked through the night, moving people by boat to higher ground.",
            quote,
            "Forecasters warned that more rain was due in the hills by Wednesday evening.",
        ],
        "Valley Post",
    )
    result = find_provenance([first, second])
    assert [result[a.id].kind for a in (first, second)] == ["original", "original"]
    assert result[first.id].same_text_as == [] == result[second.id].same_text_as


@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 0.0, 1.0, 2.0, 3.5]), min_size=1, max_size=4),
        min_size=1,
        max_size=4,
    ).filter(lambda rows: len({len(r) for r in rows}) == 1)
)
def test_monotone_alignment_is_the_best_order_keeping_one(rows):
    from itertools import product

    import numpy as np

    from newsprism.provenance import _monotone_alignment

    weights = np.array(rows)
    pairs = _monotone_alignment(weights)
    columns = [c for _, c in pairs]
    assert columns == sorted(columns) and all(weights[r, c] > 0 for r, c in pairs)
    assert len({r for r, _ in pairs}) == len(pairs)
    # brute force: each row takes a column or none, columns never going back
    best = 0.0
    for choice in product([None, *range(weights.shape[1])], repeat=weights.shape[0]):
        taken = [c for c in choice if c is not None]
        if taken == sorted(taken):
            best = max(best, sum(weights[r, c] for r, c in enumerate(choice) if c is not None))
    assert sum(weights[r, c] for r, c in pairs) == best


MAYOR = (
    "“We have never seen the river rise this fast, and we will be counting the cost of "
    "this night for years to come,” the mayor told reporters at the town hall."
)
FARMER = (
    "“Most of the barley was a month from harvest and now it lies under a metre of brown "
    "water,” said a farmer whose fields border the river."
)


def _flood_report(outlet: str, lines: list[str]) -> Article:
    return article(lines, outlet, title=f"Floods in the Marrow valley ({outlet})")


def test_quotes_lifted_into_an_article_about_something_else_are_a_partial_copy(models):
    source = _flood_report("Hill Gazette", [WIRE[0], MAYOR, WIRE[1], FARMER, WIRE[2]])
    lifted = article(
        [
            "The city council approved a new budget for its public libraries on Tuesday.",
            "“We have never seen the river rise this fast, and we will be counting the cost "
            "of this night for years to come,” a report said.",
            "Councillors argued for three hours over the opening hours of the branch on Elm Street.",
            "“Most of the barley was a month from harvest and now it lies under a metre of "
            "brown water,” a report said.",
            "The budget adds two librarians and a mobile library for the outlying villages.",
        ],
        "Metro Ledger",
        title="Council passes library budget",
    )
    vectors = embed_documents([source, lifted], models)
    # the text the quotations make more of is the one that lifted them, whatever the ids
    for source_id, lifted_id in (("a-source", "b-lifted"), ("b-source", "a-lifted")):
        pair = [
            source.model_copy(update={"id": source_id}),
            lifted.model_copy(update={"id": lifted_id}),
        ]
        result = find_provenance(pair, models, embeddings=vectors)
        copy = result[lifted_id]
        assert (copy.kind, copy.of) == ("partial", source_id)
        assert result[source_id].kind == "original"
        assert any("2 quotations lifted" in signal for signal in copy.signals)
        assert any("the quotations are" in signal for signal in copy.signals)
        assert copy.same_text_as == []


def test_two_reports_of_one_event_sharing_two_quotes_stay_original(models):
    first = _flood_report(
        "Hill Gazette",
        [
            "Floodwater swept through three villages below the old mill before dawn on Sunday.",
            MAYOR,
            "Boats carried hundreds of families to dry ground as the water kept rising.",
            FARMER,
        ],
    )
    second = _flood_report(
        "Valley Post",
        [
            "Residents of the lower valley woke on Sunday to water at their front doors.",
            FARMER,
            "Rescue crews worked through the night, moving people by boat to higher ground.",
            MAYOR,
        ],
    )
    vectors = embed_documents([first, second], models)
    result = find_provenance([first, second], models, embeddings=vectors)
    assert [result[a.id].kind for a in (first, second)] == ["original", "original"]


FILLER = [
    "This is a developing story and more details are expected soon.",
    "Readers are advised to stay tuned for further updates on the matter.",
    "Many people across the country have been following the news closely.",
    "It remains to be seen what the coming days will bring for everyone involved.",
    "Observers say such events are becoming a frequent topic of discussion.",
    "The situation continues to draw attention from around the world.",
]


def test_a_rewrite_padded_with_filler_of_its_own_is_still_a_rewrite(models):
    source = article(WIRE, "River Times")
    # every sentence of the source reworded, in order, each followed by filler: half
    # of the copy's words come from no source at all
    padded = article([line for pair in zip(SPUN, FILLER, strict=True) for line in pair], "Hub")
    vectors = embed_documents([source, padded], models)
    result = find_provenance([source, padded], models, embeddings=vectors)
    assert (result[padded.id].kind, result[padded.id].of) == ("rewritten", source.id)
    assert result[source.id].kind == "original"


def test_a_source_is_no_rewrite_of_its_abridged_copy(models):
    from newsprism.provenance import (
        ProvenanceOptions,
        _Aligner,
        _encoder_provider,
        _judge,
        _Text,
        _Texts,
    )

    source = article(WIRE, "River Times").model_copy(update={"id": "b-source"})
    # the source's first half, word for word: half of the source's sentences align with
    # all of it, in order, as a rewrite padded with filler would
    copy = article(WIRE[:3], "Short Desk").model_copy(update={"id": "a-copy"})
    options = ProvenanceOptions()
    texts_of = _Texts([source, copy], [source.id, copy.id])
    aligner = _Aligner(options, _encoder_provider(texts_of, models))
    texts = [_Text(a) for a in (source, copy)]
    aligner.prepare(texts)
    source_of_copy, copy_of_source = aligner.both(*texts)
    assert source_of_copy.coverage == 1 and source_of_copy.share >= options.rewrite_aligned_share
    # holding the copy word for word, the source is no rewrite of it; the copy is the
    # source abridged
    assert _judge(source_of_copy, options) is None
    assert _judge(copy_of_source, options) == "partial"
    vectors = embed_documents([source, copy], models)
    result = find_provenance([source, copy], models, embeddings=vectors)
    assert (result["a-copy"].kind, result["a-copy"].of) == ("partial", "b-source")
    assert result["b-source"].kind == "original"


def test_provenance_is_the_same_in_blocks_of_two_texts_and_on_a_process_pool(
    example_articles, models, monkeypatch
):
    """The candidate pairs are aligned in blocks of texts, which an engine runs: a
    patchwork whose sources fall into different blocks, copies found by their 5-grams
    and rewrites found by meaning come out as with all texts in one block."""
    from newsprism import provenance as stage
    from newsprism.engines import LocalEngine

    first = article(WIRE, "River Times")
    second = article(OTHER_WIRE, "Rail Weekly")
    patchwork = article([*WIRE[:3], *OTHER_WIRE[3:]], "Content Farm")
    spun = article(SPUN, "Spin Daily")
    articles = [*example_articles, first, second, patchwork, spun]
    vectors = embed_documents(articles, models)
    whole = find_provenance(articles, models, embeddings=vectors)
    assert whole[patchwork.id].kind == "partial" and len(whole[patchwork.id].sources) == 2
    assert whole[spun.id].kind == "rewritten"
    assert {p.kind for p in whole.values()} >= {"republished", "syndicated"}

    monkeypatch.setattr(stage, "BLOCK_TEXTS", 2)
    assert find_provenance(articles, models, embeddings=vectors) == whole
    engine = LocalEngine(workers=2, retries=0)
    try:
        assert find_provenance(articles, models, embeddings=vectors, engine=engine) == whole
    finally:
        engine.close()


def test_a_sentence_provider_that_lacks_an_article_leaves_it_split_by_its_text(models):
    source = article(WIRE, "River Times")
    copy = article([*WIRE, "Our own closing line, written here."], "Copy Desk")
    vectors = embed_documents([source, copy], models)
    result = find_provenance([source, copy], None, embeddings=vectors, sentences=lambda ids: {})
    assert result[copy.id].of == source.id


_NAMES = st.sampled_from(["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Hazel", "rain", "the"])


@given(st.lists(st.lists(_NAMES, max_size=8), min_size=2, max_size=6), st.integers(1, 5))
def test_names_elsewhere_are_those_of_the_other_texts_joined(texts, n):
    """The corpus counted once ranks, for each article, the names of all the others as
    the concatenation of their texts would."""
    from collections import Counter

    from newsprism.provenance import _CAPITALIZED, _Corpus

    bodies = [" ".join(words) for words in texts]
    corpus = _Corpus()
    for index, body in enumerate(bodies):
        corpus.add(
            index, Article(id=f"t{index}", source_path="t", text=body, raw_text=body, format="text")
        )
    corpus.close(len(bodies))
    for index, body in enumerate(bodies):
        mine = Counter(_CAPITALIZED.findall(body))
        others = " ".join(b for i, b in enumerate(bodies) if i != index)
        expected = [name for name, _ in Counter(_CAPITALIZED.findall(others)).most_common(n)]
        assert corpus.most_common_elsewhere(index, mine, n) == expected


def test_repeated_article_ids_are_refused():
    source = article(WIRE, "River Times")
    with pytest.raises(ValueError, match="more than once"):
        find_provenance([source, article(SPUN, "Valley Post"), source])


def test_an_article_without_sentences_is_aligned_as_empty(models):
    texts = [article(WIRE, "River Times"), article(WIRE[:4], "Hill Daily")]
    empty = texts[0].model_copy(update={"id": "empty", "text": "", "outlet": "Blank Page"})
    articles = [*texts, empty]
    vectors = embed_documents(articles, models)
    vectors[2] = vectors[0]  # a candidate of every pair by meaning
    result = find_provenance(articles, None, embeddings=vectors, sentences=lambda ids: {})
    assert result["empty"].kind == "original"
    assert result[texts[1].id].of == texts[0].id
