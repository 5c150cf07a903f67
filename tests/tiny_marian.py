"""Build a tiny Marian fr->en model offline (random weights, real tokenizer files).

The model has the standard opus-mt folder layout (config.json, model.safetensors,
generation_config.json, source.spm, target.spm, vocab.json, tokenizer_config.json), so
transformers and CTranslate2's converter can load it like the real one, but it is small
enough to build in a couple of seconds and translate instantly. Its output is gibberish:
tests check structure (lengths, spans, offsets, caching), never translation quality.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

# Sentences written for these tests (not taken from any corpus).
FRENCH = """\
Le gouvernement a annoncé mardi une nouvelle réforme des retraites.
Selon le ministre, la mesure entrera en vigueur l’année prochaine.
« Nous n’avons pas le choix », a déclaré la porte-parole à la presse.
Les syndicats appellent à une grève générale le 12 mars.
La Banque centrale européenne a relevé ses taux d’intérêt de 0,25 point.
Des milliers de manifestants se sont rassemblés place de la République.
Le président français Emmanuel Macron s’est rendu à Berlin jeudi.
Il a rencontré le chancelier allemand pour discuter de l’Ukraine.
Les prix de l’énergie ont augmenté de 12 % en un an.
L’entreprise a supprimé 1 200 emplois dans ses usines du nord.
Les négociations reprendront la semaine prochaine à Bruxelles.
Le Premier ministre britannique a promis un soutien militaire supplémentaire.
Aucun accord n’a été trouvé après dix heures de discussion.
La police a arrêté trois suspects dans la nuit de samedi à dimanche.
Les pompiers ont maîtrisé l’incendie vers minuit.
Le tribunal rendra sa décision le 4 juin.
L’équipe de France a battu l’Italie deux buts à un.
Les élèves reprendront les cours lundi matin.
La sécheresse menace les récoltes dans le sud du pays.
Un porte-parole de l’OTAN a refusé de commenter l’information.
Le Sénat examinera le projet de loi en première lecture.
La ville de Lyon accueillera le sommet en octobre.
Les experts s’attendent à une croissance faible cette année.
Elle a été élue avec 54 % des voix au second tour.
Le conflit a fait des centaines de morts depuis janvier.
Les hôpitaux manquent de médecins et d’infirmières.
Le musée du Louvre a rouvert ses portes au public.
Le Conseil d’État a rejeté le recours des associations.
Les députés ont adopté le texte par 312 voix contre 201.
Il n’est pas clair quels pays participeront à la réunion.
La coalition comprend plus de trente nations.
Le vol a été annulé en raison du mauvais temps.
Les chercheurs ont publié leurs résultats dans une revue scientifique.
Le chômage a baissé pour le troisième trimestre consécutif.
Les agriculteurs bloquent les routes autour de Paris.
La compagnie aérienne a commandé cinquante nouveaux avions.
Le maire a inauguré une nouvelle ligne de tramway.
Qu’en pensent les habitants du quartier ?
C’est une victoire importante pour l’opposition !
Le sommet s’est terminé sans déclaration commune.
"""

ENGLISH = """\
The government announced a new pension reform on Tuesday.
According to the minister, the measure will take effect next year.
"We have no choice," the spokeswoman told the press.
Unions are calling for a general strike on March 12.
The European Central Bank raised its interest rates by 0.25 points.
Thousands of protesters gathered in Republic Square.
French President Emmanuel Macron travelled to Berlin on Thursday.
He met the German chancellor to discuss Ukraine.
Energy prices rose by 12% in one year.
The company cut 1,200 jobs at its factories in the north.
Negotiations will resume next week in Brussels.
The British Prime Minister promised additional military support.
No agreement was reached after ten hours of talks.
Police arrested three suspects overnight from Saturday to Sunday.
Firefighters brought the blaze under control around midnight.
The court will deliver its ruling on June 4.
France beat Italy two goals to one.
Pupils will return to school on Monday morning.
The drought threatens crops in the south of the country.
A NATO spokesperson declined to comment on the report.
The Senate will examine the bill at first reading.
The city of Lyon will host the summit in October.
Experts expect weak growth this year.
She was elected with 54% of the vote in the second round.
The conflict has killed hundreds of people since January.
Hospitals are short of doctors and nurses.
The Louvre museum has reopened to the public.
The Council of State rejected the associations' appeal.
Lawmakers passed the text by 312 votes to 201.
It is not clear which countries will attend the meeting.
The coalition includes more than thirty nations.
The flight was cancelled because of bad weather.
The researchers published their results in a scientific journal.
Unemployment fell for the third consecutive quarter.
Farmers are blocking roads around Paris.
The airline ordered fifty new aircraft.
The mayor opened a new tram line.
What do the residents of the neighbourhood think?
It is an important victory for the opposition!
The summit ended without a joint statement.
"""

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Small but shaped like opus-mt: shared embeddings, static sinusoidal positions, swish.
D_MODEL = 48
LAYERS = 2
HEADS = 4
FFN = 96
MAX_POSITIONS = 128
# Seed, weight scale and end-of-sentence bias chosen (by a small search) so that outputs
# depend on the input and some end early while others run to the length cap.
SEED = 1
INIT_STD = 0.5
EOS_BIAS = 5.0


def french_corpus() -> list[str]:
    """The French training lines: the sentences above plus the project's seed articles."""
    lines = [s for s in FRENCH.splitlines() if s.strip()]
    for path in sorted(SEEDS.glob("*.txt")):
        lines.extend(s for s in path.read_text(encoding="utf-8").splitlines() if s.strip())
    return lines


def english_corpus() -> list[str]:
    return [s for s in ENGLISH.splitlines() if s.strip()]


def train_spm(lines: list[str], vocab_size: int, model_type: str = "unigram") -> bytes:
    """A SentencePiece model with Marian's special ids, trained in memory (also used by
    benchmarks/shape_true.py)."""
    import sentencepiece as spm

    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=out,
        vocab_size=vocab_size,
        model_type=model_type,
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=2,
    )
    return out.getvalue()


def _pieces(model: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def write_tokenizer_config(folder: Path, max_length: int) -> None:
    """MarianTokenizer's settings for a fr->en model with one shared vocabulary."""
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "source_lang": "fr",
                "target_lang": "en",
                "model_max_length": max_length,
                "separate_vocabs": False,
                "tokenizer_class": "MarianTokenizer",
            }
        ),
        encoding="utf-8",
    )


def marian_token_ids(pad_id: int) -> dict[str, int]:
    """Marian's special ids: </s> is 0 and also starts nothing; decoding starts from <pad>."""
    return {
        "pad_token_id": pad_id,
        "eos_token_id": 0,
        "bos_token_id": 0,
        "forced_eos_token_id": 0,
        "decoder_start_token_id": pad_id,
    }


def opus_generation_config(pad_id: int, max_length: int) -> Any:
    """Like opus-mt's: beam 4 (mtcheck overrides it to greedy), <pad> never generated."""
    from transformers import GenerationConfig

    return GenerationConfig(
        num_beams=4, max_length=max_length, bad_words_ids=[[pad_id]], **marian_token_ids(pad_id)
    )


def build_tiny_marian(folder: Path, *, eos_bias: float = EOS_BIAS) -> Path:
    """Write a tiny random-weight Marian fr->en model to ``folder`` and return it.

    ``eos_bias`` is added to the end-of-sentence logit so that outputs end before the
    length cap (random weights otherwise decode until ``max_new_tokens``).
    """
    import torch
    from transformers import MarianConfig, MarianMTModel

    folder.mkdir(parents=True, exist_ok=True)
    source = train_spm(french_corpus(), 500)
    target = train_spm(english_corpus(), 300)
    (folder / "source.spm").write_bytes(source)
    (folder / "target.spm").write_bytes(target)

    # Marian's shared vocabulary: </s>=0, <unk>=1, the pieces of both sides, <pad> last.
    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(source) + _pieces(target):
        if piece not in ("<unk>", "</s>", "<s>", "<pad>") and piece not in vocab:
            vocab[piece] = len(vocab)
    pad_id = len(vocab)
    vocab["<pad>"] = pad_id
    vocab_size = len(vocab)
    (folder / "vocab.json").write_text(
        json.dumps(vocab, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    write_tokenizer_config(folder, MAX_POSITIONS)

    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        d_model=D_MODEL,
        encoder_layers=LAYERS,
        decoder_layers=LAYERS,
        encoder_attention_heads=HEADS,
        decoder_attention_heads=HEADS,
        encoder_ffn_dim=FFN,
        decoder_ffn_dim=FFN,
        max_position_embeddings=MAX_POSITIONS,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        static_position_embeddings=True,
        **marian_token_ids(pad_id),
        dropout=0.0,
        init_std=INIT_STD,
    )
    torch.manual_seed(SEED)
    model = MarianMTModel(config)
    model.eval()
    if eos_bias:
        with torch.no_grad():
            model.final_logits_bias[0, 0] += eos_bias
    model.generation_config = opus_generation_config(pad_id, MAX_POSITIONS)
    model.save_pretrained(folder)
    return folder


if __name__ == "__main__":  # pragma: no cover - manual helper
    import sys
    import time

    t0 = time.perf_counter()
    out = build_tiny_marian(Path(sys.argv[1] if len(sys.argv) > 1 else "tiny-marian"))
    print(f"built {out} in {time.perf_counter() - t0:.2f} s")
