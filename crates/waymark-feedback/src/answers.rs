//! Answers given as words become numbers. Most survey tools export the answer text ("Extremely satisfied",
//! "Tout à fait d'accord", "0 - Not at all likely", "Very likely\n7"), so a score column is read through, in order:
//! the user's own table (`--value "LABEL=N"`), plain numbers, answers that count as no answer ("Don't know",
//! "Ne connais pas", "N/A"), a built-in label scale (satisfaction, agreement, likelihood, ease, quality,
//! frequency; English, French, German, Spanish), and numbers glued to an end-point label. Answers are compared as
//! [`answer_key`]s: without case, accents, punctuation or extra whitespace, so "Yes." is "yes".
//!
//! A share metric (yes/no questions) counts the answers that are one of the chosen positive answers as 1 and
//! every other real answer as 0.

use crate::mapping::parse_number;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// How a score column's answers become numbers, as saved in a mapping (and so in presets).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answers {
    /// The built-in label scale the answers are on ([`Scale::id`]), if they are words.
    #[serde(default)]
    pub scale: Option<String>,
    /// The user's numbers for answers, overriding or completing the scale (the answer as written → its number).
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// For a share metric: the answers that count (e.g. "Yes"); every other real answer counts against.
    #[serde(default)]
    pub positive: Vec<String>,
}

/// An answer compared without case, accents, punctuation or extra whitespace: "  Tout à fait d'accord. " →
/// "tout a fait d accord".
pub fn answer_key(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Answers that say the respondent did not answer (keys, see [`answer_key`]).
const NO_ANSWER: &[&str] = &[
    "na",
    "n a",
    "nan",
    "null",
    "none",
    "no answer",
    "not applicable",
    "does not apply",
    "don t know",
    "dont know",
    "do not know",
    "i don t know",
    "i do not know",
    "not sure",
    "unsure",
    "i m not sure",
    "don t remember",
    "i don t remember",
    "i do not remember",
    "can t say",
    "cannot say",
    "prefer not to say",
    "prefer not to answer",
    "i prefer not to answer",
    "no opinion",
    // French
    "ne connais pas",
    "je ne connais pas",
    "je ne sais pas",
    "ne sait pas",
    "ne sais pas",
    "nsp",
    "sans opinion",
    "sans objet",
    "non applicable",
    "non concerne",
    "ne se prononce pas",
    "je ne souhaite pas repondre",
    // German
    "weiß nicht",
    "weiss nicht",
    "ich weiß nicht",
    "ich weiss nicht",
    "keine angabe",
    "keine ahnung",
    "kann ich nicht beurteilen",
    "nicht zutreffend",
    // Spanish
    "no se",
    "no lo se",
    "no sabe",
    "ns nc",
    "no sabe no contesta",
    "no aplica",
    "prefiero no decir",
    "prefiero no responder",
    "sin opinion",
];

/// Positive answers to a yes/no question, the default of a share metric.
pub const YES: &[&str] = &["yes", "y", "oui", "ja", "si", "true"];
const NO: &[&str] = &["no", "n", "non", "nein", "false"];

/// Whether an answer counts as no answer (blank, "N/A", "Don't know", "Ne connais pas"…).
pub fn is_no_answer(text: &str) -> bool {
    let key = answer_key(text);
    key.is_empty() || NO_ANSWER.contains(&key.as_str())
}

/// A built-in label scale: its points from the lowest, each with its labels in four languages.
#[derive(Debug, PartialEq)]
pub struct Scale {
    pub id: &'static str,
    pub name: &'static str,
    /// The number of the first point (1, or 0 for likelihood).
    pub first: f64,
    /// Each point's labels (as keys); a point may have none (the unlabelled middle of a 0–10 scale).
    pub points: &'static [&'static [&'static str]],
}

impl Scale {
    pub fn last(&self) -> f64 {
        self.first + (self.points.len() - 1) as f64
    }

    fn value_of(&self, key: &str) -> Option<f64> {
        self.points
            .iter()
            .position(|labels| labels.contains(&key))
            .map(|i| self.first + i as f64)
    }
}

/// The built-in scales, tried in this order when the answers fit several equally.
pub const SCALES: &[Scale] = &[
    Scale {
        id: "satisfaction_5",
        name: "5-point satisfaction",
        first: 1.0,
        points: &[
            &[
                "very dissatisfied",
                "extremely dissatisfied",
                "tres insatisfait",
                "tres insatisfaite",
                "pas du tout satisfait",
                "sehr unzufrieden",
                "muy insatisfecho",
                "muy insatisfecha",
            ],
            &[
                "dissatisfied",
                "somewhat dissatisfied",
                "insatisfait",
                "plutot insatisfait",
                "peu satisfait",
                "unzufrieden",
                "eher unzufrieden",
                "insatisfecho",
                "algo insatisfecho",
            ],
            &[
                "neither satisfied nor dissatisfied",
                "neutral",
                "ni satisfait ni insatisfait",
                "neutre",
                "weder zufrieden noch unzufrieden",
                "weder noch",
                "ni satisfecho ni insatisfecho",
            ],
            &[
                "satisfied",
                "somewhat satisfied",
                "satisfait",
                "plutot satisfait",
                "zufrieden",
                "eher zufrieden",
                "satisfecho",
                "algo satisfecho",
            ],
            &[
                "very satisfied",
                "extremely satisfied",
                "tres satisfait",
                "tres satisfaite",
                "sehr zufrieden",
                "muy satisfecho",
                "muy satisfecha",
            ],
        ],
    },
    Scale {
        id: "satisfaction_7",
        name: "7-point satisfaction",
        first: 1.0,
        points: &[
            &[
                "extremely dissatisfied",
                "very dissatisfied",
                "tres insatisfait",
                "extremement insatisfait",
                "sehr unzufrieden",
                "außerst unzufrieden",
                "ausserst unzufrieden",
                "muy insatisfecho",
                "extremadamente insatisfecho",
            ],
            &[
                "moderately dissatisfied",
                "dissatisfied",
                "insatisfait",
                "unzufrieden",
                "insatisfecho",
            ],
            &[
                "slightly dissatisfied",
                "somewhat dissatisfied",
                "plutot insatisfait",
                "eher unzufrieden",
                "algo insatisfecho",
            ],
            &[
                "neither satisfied nor dissatisfied",
                "neutral",
                "ni satisfait ni insatisfait",
                "neutre",
                "weder zufrieden noch unzufrieden",
                "ni satisfecho ni insatisfecho",
            ],
            &[
                "slightly satisfied",
                "somewhat satisfied",
                "plutot satisfait",
                "eher zufrieden",
                "algo satisfecho",
            ],
            &[
                "moderately satisfied",
                "satisfied",
                "satisfait",
                "zufrieden",
                "satisfecho",
            ],
            &[
                "extremely satisfied",
                "very satisfied",
                "tres satisfait",
                "extremement satisfait",
                "sehr zufrieden",
                "außerst zufrieden",
                "ausserst zufrieden",
                "muy satisfecho",
                "extremadamente satisfecho",
            ],
        ],
    },
    Scale {
        id: "agreement_5",
        name: "5-point agreement",
        first: 1.0,
        points: &[
            &[
                "strongly disagree",
                "pas du tout d accord",
                "tout a fait en desaccord",
                "fortement en desaccord",
                "stimme uberhaupt nicht zu",
                "stimme gar nicht zu",
                "totalmente en desacuerdo",
                "muy en desacuerdo",
            ],
            &[
                "disagree",
                "somewhat disagree",
                "pas d accord",
                "plutot pas d accord",
                "plutot en desaccord",
                "en desaccord",
                "stimme nicht zu",
                "stimme eher nicht zu",
                "en desacuerdo",
            ],
            &[
                "neither agree nor disagree",
                "neutral",
                "ni d accord ni pas d accord",
                "ni en accord ni en desaccord",
                "neutre",
                "weder noch",
                "teils teils",
                "ni de acuerdo ni en desacuerdo",
            ],
            &[
                "agree",
                "somewhat agree",
                "d accord",
                "plutot d accord",
                "stimme zu",
                "stimme eher zu",
                "de acuerdo",
            ],
            &[
                "strongly agree",
                "tout a fait d accord",
                "fortement d accord",
                "stimme voll und ganz zu",
                "stimme voll zu",
                "totalmente de acuerdo",
                "muy de acuerdo",
            ],
        ],
    },
    Scale {
        id: "agreement_7",
        name: "7-point agreement",
        first: 1.0,
        points: &[
            &[
                "strongly disagree",
                "pas du tout d accord",
                "stimme uberhaupt nicht zu",
                "totalmente en desacuerdo",
            ],
            &[
                "disagree",
                "pas d accord",
                "stimme nicht zu",
                "en desacuerdo",
            ],
            &[
                "somewhat disagree",
                "plutot pas d accord",
                "stimme eher nicht zu",
                "algo en desacuerdo",
            ],
            &[
                "neither agree nor disagree",
                "neutral",
                "ni d accord ni pas d accord",
                "neutre",
                "weder noch",
                "ni de acuerdo ni en desacuerdo",
            ],
            &[
                "somewhat agree",
                "plutot d accord",
                "stimme eher zu",
                "algo de acuerdo",
            ],
            &["agree", "d accord", "stimme zu", "de acuerdo"],
            &[
                "strongly agree",
                "tout a fait d accord",
                "stimme voll und ganz zu",
                "totalmente de acuerdo",
            ],
        ],
    },
    Scale {
        id: "likelihood_11",
        name: "0–10 likelihood",
        first: 0.0,
        points: &[
            &[
                "not at all likely",
                "extremely unlikely",
                "pas du tout probable",
                "tres peu probable",
                "uberhaupt nicht wahrscheinlich",
                "außerst unwahrscheinlich",
                "ausserst unwahrscheinlich",
                "nada probable",
                "muy improbable",
            ],
            &[],
            &[],
            &[],
            &[],
            &["neutral", "neutre", "neutral"],
            &[],
            &[],
            &[],
            &[],
            &[
                "extremely likely",
                "very likely",
                "tres probable",
                "extremement probable",
                "außerst wahrscheinlich",
                "ausserst wahrscheinlich",
                "sehr wahrscheinlich",
                "muy probable",
                "extremadamente probable",
            ],
        ],
    },
    Scale {
        id: "ease_5",
        name: "5-point ease",
        first: 1.0,
        points: &[
            &[
                "very difficult",
                "extremely difficult",
                "tres difficile",
                "sehr schwierig",
                "sehr schwer",
                "muy dificil",
            ],
            &[
                "difficult",
                "somewhat difficult",
                "difficile",
                "plutot difficile",
                "schwierig",
                "eher schwierig",
                "schwer",
                "dificil",
                "algo dificil",
            ],
            &[
                "neither easy nor difficult",
                "neutral",
                "ni facile ni difficile",
                "neutre",
                "weder leicht noch schwierig",
                "weder noch",
                "ni facil ni dificil",
            ],
            &[
                "easy",
                "somewhat easy",
                "facile",
                "plutot facile",
                "leicht",
                "eher leicht",
                "einfach",
                "facil",
                "algo facil",
            ],
            &[
                "very easy",
                "extremely easy",
                "tres facile",
                "sehr leicht",
                "sehr einfach",
                "muy facil",
            ],
        ],
    },
    Scale {
        id: "ease_5_somewhat",
        name: "5-point ease (somewhat)",
        first: 1.0,
        points: &[
            &[
                "difficult",
                "very difficult",
                "difficile",
                "tres difficile",
                "schwierig",
                "dificil",
            ],
            &[
                "somewhat difficult",
                "plutot difficile",
                "eher schwierig",
                "algo dificil",
            ],
            &[
                "neither easy nor difficult",
                "ni facile ni difficile",
                "weder leicht noch schwierig",
                "ni facil ni dificil",
            ],
            &[
                "somewhat easy",
                "plutot facile",
                "eher leicht",
                "algo facil",
            ],
            &[
                "very easy",
                "easy",
                "tres facile",
                "facile",
                "sehr leicht",
                "leicht",
                "muy facil",
                "facil",
            ],
        ],
    },
    Scale {
        id: "ease_7",
        name: "7-point ease",
        first: 1.0,
        points: &[
            &[
                "very difficult",
                "extremely difficult",
                "tres difficile",
                "sehr schwierig",
                "muy dificil",
            ],
            &[
                "difficult",
                "moderately difficult",
                "difficile",
                "schwierig",
                "dificil",
            ],
            &[
                "somewhat difficult",
                "slightly difficult",
                "plutot difficile",
                "eher schwierig",
                "algo dificil",
            ],
            &[
                "neither easy nor difficult",
                "neutral",
                "ni facile ni difficile",
                "weder leicht noch schwierig",
                "ni facil ni dificil",
            ],
            &[
                "somewhat easy",
                "slightly easy",
                "plutot facile",
                "eher leicht",
                "algo facil",
            ],
            &["easy", "moderately easy", "facile", "leicht", "facil"],
            &[
                "very easy",
                "extremely easy",
                "tres facile",
                "sehr leicht",
                "muy facil",
            ],
        ],
    },
    Scale {
        id: "quality_5",
        name: "5-point quality",
        first: 1.0,
        points: &[
            &[
                "poor",
                "very poor",
                "mauvais",
                "tres mauvais",
                "mediocre",
                "schlecht",
                "sehr schlecht",
                "malo",
                "muy malo",
            ],
            &[
                "fair",
                "passable",
                "moyen",
                "ausreichend",
                "mittelmaßig",
                "mittelmassig",
                "regular",
            ],
            &["good", "bon", "bien", "gut", "bueno"],
            &[
                "very good",
                "tres bon",
                "tres bien",
                "sehr gut",
                "muy bueno",
            ],
            &["excellent", "ausgezeichnet", "hervorragend", "excelente"],
        ],
    },
    Scale {
        id: "frequency_5",
        name: "5-point frequency",
        first: 1.0,
        points: &[
            &["never", "jamais", "nie", "niemals", "nunca"],
            &[
                "rarely",
                "seldom",
                "rarement",
                "selten",
                "rara vez",
                "casi nunca",
            ],
            &[
                "sometimes",
                "occasionally",
                "parfois",
                "quelquefois",
                "manchmal",
                "a veces",
            ],
            &[
                "often",
                "frequently",
                "souvent",
                "oft",
                "haufig",
                "a menudo",
                "frecuentemente",
            ],
            &[
                "always",
                "very often",
                "toujours",
                "immer",
                "siempre",
                "casi siempre",
            ],
        ],
    },
];

/// The built-in scale with this id.
pub fn scale(id: &str) -> Option<&'static Scale> {
    SCALES.iter().find(|s| s.id == id)
}

/// The number written in an answer with its label: "0 - Not at all likely", "10 Tout à fait", "Very likely 7",
/// "Not at all reasonable1". A bare label or a bare number is not this.
pub fn number_with_label(text: &str) -> Option<f64> {
    let key = answer_key(text);
    let has_letters = |s: &str| s.chars().any(char::is_alphabetic);
    let leading: String = key.chars().take_while(char::is_ascii_digit).collect();
    if !leading.is_empty() && key[leading.len()..].starts_with(' ') && has_letters(&key) {
        return leading.parse().ok();
    }
    let trailing_len = key.chars().rev().take_while(char::is_ascii_digit).count();
    let (label, digits) = key.split_at(key.len() - trailing_len);
    if trailing_len > 0 && has_letters(label) && !label.ends_with(|c: char| c.is_ascii_digit()) {
        return digits.parse().ok();
    }
    None
}

/// How one answer was read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "as", content = "value", rename_all = "snake_case")]
pub enum Reading {
    /// A plain number.
    Number(f64),
    /// The user's table gave the number.
    Yours(f64),
    /// A built-in scale's label.
    Label(f64),
    /// The number written with the label.
    NumberInLabel(f64),
    /// Counts as no answer ("Don't know", blank).
    NoAnswer,
    /// Neither a number nor a known label.
    Unknown,
}

impl Reading {
    pub fn value(self) -> Option<f64> {
        match self {
            Reading::Number(v)
            | Reading::Yours(v)
            | Reading::Label(v)
            | Reading::NumberInLabel(v) => Some(v),
            Reading::NoAnswer | Reading::Unknown => None,
        }
    }
}

/// The most distinct answers an import remembers the reading of; past this, answers are read afresh each time.
const REMEMBERED: usize = 4_096;

/// Reads a score column's answers through [`Answers`], remembering each distinct answer's reading (exports repeat a
/// handful of answers a million times).
pub struct AnswerReader {
    yours: HashMap<String, f64>,
    scale: Option<&'static Scale>,
    /// For a share metric, the positive answers' keys.
    positive: Option<HashSet<String>>,
    remembered: HashMap<String, Reading>,
}

impl AnswerReader {
    /// A reader for a score column; `share` says the metric counts the positive answers.
    pub fn new(answers: &Answers, share: bool) -> AnswerReader {
        let positive = share.then(|| {
            if answers.positive.is_empty() {
                YES.iter().map(|s| (*s).to_owned()).collect()
            } else {
                answers.positive.iter().map(|p| answer_key(p)).collect()
            }
        });
        AnswerReader {
            yours: answers
                .values
                .iter()
                .map(|(label, &value)| (answer_key(label), value))
                .collect(),
            scale: answers.scale.as_deref().and_then(scale),
            positive,
            remembered: HashMap::new(),
        }
    }

    pub fn read(&mut self, raw: &str) -> Reading {
        if self.positive.is_none()
            && self.yours.is_empty()
            && let Ok(Some(number)) = parse_number(raw)
        {
            return Reading::Number(number);
        }
        if let Some(&reading) = self.remembered.get(raw) {
            return reading;
        }
        let reading = self.read_afresh(raw);
        if self.remembered.len() < REMEMBERED {
            self.remembered.insert(raw.to_owned(), reading);
        }
        reading
    }

    fn read_afresh(&self, raw: &str) -> Reading {
        let key = answer_key(raw);
        if let Some(&value) = self.yours.get(&key) {
            return Reading::Yours(value);
        }
        if key.is_empty() || NO_ANSWER.contains(&key.as_str()) {
            return Reading::NoAnswer;
        }
        if let Some(positive) = &self.positive {
            return Reading::Label(if positive.contains(&key) { 1.0 } else { 0.0 });
        }
        if let Ok(Some(number)) = parse_number(raw) {
            return Reading::Number(number);
        }
        if let Some(value) = self.scale.and_then(|s| s.value_of(&key)) {
            return Reading::Label(value);
        }
        match number_with_label(raw) {
            Some(value) => Reading::NumberInLabel(value),
            None => Reading::Unknown,
        }
    }
}

/// What a column's answers look like: the built-in scale that reads the most of its word answers (the smaller
/// scale on a tie), or yes/no.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerShape {
    Scale(&'static Scale),
    YesNo,
}

/// The shape of a column from some of its answers, when at least 80% of its word answers fit it.
pub fn shape_of<'a>(answers: impl Iterator<Item = &'a str>) -> Option<AnswerShape> {
    let mut words: HashMap<String, usize> = HashMap::new();
    for answer in answers {
        if parse_number(answer).is_ok_and(|n| n.is_some()) || number_with_label(answer).is_some() {
            continue;
        }
        let key = answer_key(answer);
        if !key.is_empty() && !NO_ANSWER.contains(&key.as_str()) {
            *words.entry(key).or_default() += 1;
        }
    }
    let total: usize = words.values().sum();
    if total == 0 {
        return None;
    }
    let fits = |known: &dyn Fn(&str) -> bool| -> usize {
        words.iter().filter(|(k, _)| known(k)).map(|(_, n)| n).sum()
    };
    let yes_no = fits(&|k| YES.contains(&k) || NO.contains(&k));
    // The scale that reads the most answers and, among those, tells the most of them apart ("Difficult" and
    // "Somewhat difficult" are two points, not one).
    let fit = |s: &Scale| {
        let points: HashSet<u64> = words
            .keys()
            .filter_map(|k| s.value_of(k))
            .map(f64::to_bits)
            .collect();
        (fits(&|k| s.value_of(k).is_some()), points.len())
    };
    let (best, (read, _)) =
        SCALES
            .iter()
            .map(|s| (s, fit(s)))
            .fold((None, (0, 0)), |(best, most), (s, f)| {
                if f > most { (Some(s), f) } else { (best, most) }
            });
    if yes_no * 10 >= total * 8 && yes_no >= read {
        return Some(AnswerShape::YesNo);
    }
    best.filter(|_| read * 10 >= total * 8)
        .map(AnswerShape::Scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(scale: Option<&str>) -> AnswerReader {
        AnswerReader::new(
            &Answers {
                scale: scale.map(str::to_owned),
                ..Answers::default()
            },
            false,
        )
    }

    #[test]
    fn keys_ignore_case_accents_punctuation_and_spacing() {
        assert_eq!(
            answer_key("  Tout à fait d’accord. "),
            "tout a fait d accord"
        );
        assert_eq!(answer_key("Yes."), "yes");
        assert_eq!(answer_key("Very likely\n7"), "very likely 7");
        assert_eq!(answer_key("N/A"), "n a");
    }

    #[test]
    fn numbers_glued_to_their_labels() {
        assert_eq!(number_with_label("Very likely\n7"), Some(7.0));
        assert_eq!(number_with_label("Not at all reasonable1"), Some(1.0));
        assert_eq!(number_with_label("Not at all  reasonable 1"), Some(1.0));
        assert_eq!(number_with_label("0 - Not at all likely"), Some(0.0));
        assert_eq!(number_with_label("10 - Tout à fait"), Some(10.0));
        assert_eq!(number_with_label("5 - Neutre"), Some(5.0));
        assert_eq!(number_with_label("7"), None);
        assert_eq!(number_with_label("Satisfied"), None);
        assert_eq!(number_with_label("6-25"), None);
    }

    #[test]
    fn labels_read_on_their_scale_in_four_languages() {
        let mut five = reader(Some("satisfaction_5"));
        assert_eq!(five.read("Extremely satisfied"), Reading::Label(5.0));
        assert_eq!(five.read("somewhat DISSATISFIED"), Reading::Label(2.0));
        assert_eq!(five.read("Très satisfait"), Reading::Label(5.0));
        assert_eq!(five.read("sehr unzufrieden"), Reading::Label(1.0));
        assert_eq!(
            five.read("Ni satisfecho ni insatisfecho"),
            Reading::Label(3.0)
        );
        let mut seven = reader(Some("satisfaction_7"));
        assert_eq!(seven.read("Extremely satisfied"), Reading::Label(7.0));
        assert_eq!(seven.read("Moderately dissatisfied"), Reading::Label(2.0));
        let mut agree = reader(Some("agreement_5"));
        assert_eq!(agree.read("Tout à fait d'accord"), Reading::Label(5.0));
        assert_eq!(agree.read("Stimme überhaupt nicht zu"), Reading::Label(1.0));
        assert_eq!(agree.read("Strongly agree"), Reading::Label(5.0));
    }

    #[test]
    fn no_answers_numbers_and_unknown_words() {
        let mut r = reader(Some("agreement_5"));
        for blank in [
            "",
            "  ",
            "N/A",
            "Don't know",
            "I don't remember.",
            "Ne connais pas",
            "NA",
        ] {
            assert_eq!(r.read(blank), Reading::NoAnswer, "{blank:?}");
        }
        assert_eq!(r.read("8"), Reading::Number(8.0));
        assert_eq!(r.read("10 - Tout à fait"), Reading::NumberInLabel(10.0));
        assert_eq!(r.read("Purple"), Reading::Unknown);
    }

    #[test]
    fn the_users_table_comes_first() {
        let mut values = BTreeMap::new();
        values.insert("Purple".to_owned(), 2.0);
        values.insert("Strongly agree".to_owned(), 4.0);
        let mut r = AnswerReader::new(
            &Answers {
                scale: Some("agreement_5".into()),
                values,
                positive: Vec::new(),
            },
            false,
        );
        assert_eq!(r.read("purple."), Reading::Yours(2.0));
        assert_eq!(r.read("Strongly agree"), Reading::Yours(4.0));
        assert_eq!(r.read("Agree"), Reading::Label(4.0));
    }

    #[test]
    fn shares_count_the_positive_answers_among_real_answers() {
        let mut r = AnswerReader::new(&Answers::default(), true);
        assert_eq!(r.read("Yes."), Reading::Label(1.0));
        assert_eq!(r.read("No."), Reading::Label(0.0));
        assert_eq!(r.read("Maybe"), Reading::Label(0.0));
        assert_eq!(r.read("I don't remember."), Reading::NoAnswer);
        let mut chosen = AnswerReader::new(
            &Answers {
                positive: vec!["Resolved".into(), "Partly resolved".into()],
                ..Answers::default()
            },
            true,
        );
        assert_eq!(chosen.read("partly RESOLVED"), Reading::Label(1.0));
        assert_eq!(chosen.read("Yes"), Reading::Label(0.0));
    }

    #[test]
    fn shapes_pick_the_scale_that_reads_the_answers() {
        let qualtrics = [
            "Extremely satisfied",
            "Somewhat satisfied",
            "Neither satisfied nor dissatisfied",
        ];
        assert_eq!(
            shape_of(qualtrics.into_iter()).map(|s| match s {
                AnswerShape::Scale(s) => s.id,
                AnswerShape::YesNo => "yes/no",
            }),
            Some("satisfaction_5")
        );
        let seven = [
            "Moderately satisfied",
            "Slightly dissatisfied",
            "Extremely satisfied",
        ];
        assert!(
            matches!(shape_of(seven.into_iter()), Some(AnswerShape::Scale(s)) if s.id == "satisfaction_7")
        );
        let osmi = [
            "Very easy",
            "Somewhat easy",
            "Neither easy nor difficult",
            "Somewhat difficult",
            "Difficult",
        ];
        assert!(
            matches!(shape_of(osmi.into_iter()), Some(AnswerShape::Scale(s)) if s.id == "ease_5_somewhat")
        );
        let yes_no = ["Yes.", "No.", "Yes.", "I don't remember."];
        assert_eq!(shape_of(yes_no.into_iter()), Some(AnswerShape::YesNo));
        assert_eq!(shape_of(["Paris", "Lyon", "Yes"].into_iter()), None);
        assert_eq!(shape_of(["1", "2", ""].into_iter()), None);
    }
}
