//! Result tables: counts per answer code with the number who answered.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::Questionnaire;

/// How many answered `code` on `item`, out of `answered` who answered the item at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerCount {
    /// Id of the questionnaire item.
    pub item: String,
    /// The answer code.
    pub code: String,
    /// The answer option's label (Swedish).
    pub label: String,
    /// How many gave this answer.
    pub count: i64,
    /// How many answered the item at all.
    pub answered: i64,
}

impl AnswerCount {
    /// 100 × count / answered, rounded half up to one decimal; `None` when nobody answered.
    pub fn percent(&self) -> Option<f64> {
        percent_one_decimal(self.count, self.answered)
    }
}

/// 100 × `count` / `answered`, rounded half up to one decimal, in integer
/// arithmetic so 0.05 boundaries do not depend on float representation.
pub fn percent_one_decimal(count: i64, answered: i64) -> Option<f64> {
    if answered <= 0 {
        return None;
    }
    let tenths = (2000 * count + answered) / (2 * answered);
    Some(tenths as f64 / 10.0)
}

/// One row per closed item and answer code, in questionnaire order, codes
/// with no answers included. `counts` maps (item, code) to the number of
/// answers; pairs the questionnaire does not know are ignored.
pub fn tabulate(q: &Questionnaire, counts: &BTreeMap<(String, String), i64>) -> Vec<AnswerCount> {
    let mut rows = Vec::new();
    for item in q.items() {
        let Some(choices) = item.choices() else { continue };
        let get = |code: &str| counts.get(&(item.id.clone(), code.to_string())).copied().unwrap_or(0);
        let answered: i64 = choices.iter().map(|c| get(&c.code)).sum();
        for c in choices {
            rows.push(AnswerCount {
                item: item.id.clone(),
                code: c.code.clone(),
                label: c.label.clone(),
                count: get(&c.code),
                answered,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_to_one_decimal() {
        assert_eq!(percent_one_decimal(62, 225), Some(27.6));
        assert_eq!(percent_one_decimal(1, 8), Some(12.5));
        assert_eq!(percent_one_decimal(1, 16), Some(6.3), "6.25 rounds up");
        assert_eq!(percent_one_decimal(2, 3), Some(66.7));
        assert_eq!(percent_one_decimal(0, 5), Some(0.0));
        assert_eq!(percent_one_decimal(0, 0), None);
    }

    #[test]
    fn tabulate_lists_zero_counts_and_skips_free_text() {
        let q = Questionnaire::from_toml(include_str!("../../../../data/reference/kommunenkat-2019.toml")).unwrap();
        let mut counts = BTreeMap::new();
        counts.insert(("q2".to_string(), "ja".to_string()), 3);
        counts.insert(("q4".to_string(), "text".to_string()), 9);
        let rows = tabulate(&q, &counts);
        // 4 + 6 yes/no rows, 6 × 5 matrix rows, no free text.
        assert_eq!(rows.len(), 8 + 4 + 30);
        let q2: Vec<_> = rows.iter().filter(|r| r.item == "q2").collect();
        assert_eq!((q2[0].count, q2[0].answered, q2[0].percent()), (3, 3, Some(100.0)));
        assert_eq!((q2[1].code.as_str(), q2[1].count), ("nej", 0));
        assert!(rows.iter().all(|r| r.item != "q4" && r.item != "q3_kommentar"));
        assert_eq!(rows.iter().find(|r| r.item == "q2a").unwrap().percent(), None);
    }
}
