"""Chinese text: decoding, sentences, segmentation, figures, the analyzer and fact extraction.

Each module stands alone so ingest and question reading can take what they need:

- `decode.decode_document(raw)` → (text, encoding): UTF-8/UTF-16/GB18030 files;
- `document.is_chinese_document(text)` and `document.read_chinese_document(text)`: which
  documents ingest reads as Chinese, and their cleaned text and header;
- `header.read_chinese_header(lines)`: title, publication date and outlet of a release;
- `sentences.split_chinese_sentences(text, title_first=...)` → `briefing.text.Sentence`s;
- `places.main_place(title, body)`: the document's main place (English name);
- `periods.infer_chinese_year(text)`: the year of reference when no date is known;
- `extract.extract_chinese_facts(sentences, source=..., ref_year=..., main_region=...)`;
- `analyzer.ChineseAnalyzer` (words/terms on the English analyzer's vocabulary) and
  `analyzer.read_chinese_question(text)`, with `analyzer.compared_sides(text, compare=...)`
  for what a comparison or a list ("A、B、C分别…") names;
- `segment.has_chinese(text)`: whether a text (a question, a document) is for this package;
- `segment`, `numbers`, `glossary` (+ `glossary.toml`, the bilingual word list) underneath.
"""
