//! A typical agreement to measure printing with: three parties (names with
//! rare characters), eight terms with amounts, facts long enough to wrap.
//! The print crate's bench and the project's benchmark command both time it,
//! so their figures are of the same document.

use crate::{AgreementDoc, PartyDoc};

/// The `i`-th such agreement; each differs in its number, facts and amounts,
/// so no render is a repeat of another.
pub fn agreement(i: usize) -> AgreementDoc {
    let party = |name: &str| PartyDoc {
        name: name.into(),
        gender: Some("男".into()),
        ethnicity: Some("汉族".into()),
        birth_date: Some("1970-01-01".into()),
        age: Some(56),
        id_number: Some("522426********1234".into()),
        address: Some("石岩哨村三组".into()),
        phone: Some("138****5678".into()),
        ..PartyDoc::default()
    };
    AgreementDoc {
        number: Some(format!("（2026）石岩哨村人调字第{i}号")),
        committee: "石岩哨村人民调解委员会".into(),
        parties: vec![party("王玥"), party("李堃"), party("张喆")],
        facts: format!("第{i}件：一方在另一方承包地内安葬亲属，双方发生争执。").repeat(6),
        responsibilities: "未经同意在他人承包地内安葬的一方承担主要责任。".into(),
        terms: (1..=8).map(|t| format!("第{t}条：一次性补偿{}元，当面付清。", 1000 + t * 111 + i)).collect(),
        performance: "签订之日当场履行。".into(),
        copies: 4,
        mediators: vec!["刘䶮".into()],
        recorder: "欧阳明月".into(),
        signed_on: Some("2026-03-15".into()),
        ..AgreementDoc::default()
    }
}
