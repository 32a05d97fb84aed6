// Templates for the agreements of the common village disputes (DOMAIN.md:
// graves, contracted land, water, wages, neighbours), so that a liaison
// starts from the usual wording instead of a blank page. Text only, no rule:
// the names come from the parties ticked, and what the mediation itself
// settles (an amount, a date, a boundary) is left as a blank ＿＿ that the
// core refuses to sign until it is filled in.

export interface AgreementTemplate {
  key: string
  /** What the button says, e.g. 在他人承包地葬坟. */
  label: string
  /** The case categories it fits (the default list, labels.ts / categories). */
  categories: string[]
  facts: string
  responsibilities: string
  terms: string[]
  performance: string
}

/** The blank left where the mediation decides; the core will not sign over it. */
export const BLANK = '＿＿'

// {甲}: the first party ticked (usually the petitioner); {乙}: the others.
export const TEMPLATES: AgreementTemplate[] = [
  {
    key: 'grave_land',
    label: '在他人承包地葬坟',
    categories: ['坟地/丧葬', '土地承包'],
    facts: '{乙}未经{甲}同意，在{甲}家承包地内安葬亲属，双方发生争议。',
    responsibilities: '{乙}未经同意占用他人承包地葬坟，应予补偿。',
    terms: [
      `{乙}一次性补偿{甲}家葬坟占地费人民币${BLANK}元。`,
      '以后{乙}家不得再在{甲}家承包土地上葬坟。',
      '以后{甲}家建房离现坟不少于1米、坟前不少于2米。',
    ],
    performance: '协议签订之日当场一次性付清。',
  },
  {
    key: 'grave_damaged',
    label: '毁坏他人坟墓',
    categories: ['坟地/丧葬', '损害赔偿'],
    facts: '{乙}撬毁{甲}家亲属的坟墓，双方发生纠纷。',
    responsibilities: '{乙}毁坏他人坟墓，应赔偿损失。',
    terms: [`{乙}一次性赔偿{甲}损失人民币${BLANK}元。`, '{甲}另行选址安葬，{乙}不得阻挠。', '双方今后不再因此事发生纠纷。'],
    performance: `赔偿款于${BLANK}年${BLANK}月${BLANK}日前一次性付清。`,
  },
  {
    key: 'land',
    label: '承包地界、占地',
    categories: ['土地承包', '房屋宅基地', '山林权属', '征地拆迁'],
    facts: '{甲}与{乙}因承包地界线（占地）发生争议。',
    responsibilities: '',
    terms: [`双方承包地界线以${BLANK}为准，由村委会现场确认。`, `{乙}于${BLANK}日内恢复被占土地原状。`, '双方今后不得越界耕种。'],
    performance: `${BLANK}年${BLANK}月${BLANK}日前履行完毕，由村调解委员会到场确认。`,
  },
  {
    key: 'water',
    label: '用水、灌溉、水源',
    categories: ['环境/水源', '农田水利', '工程建设'],
    facts: '{甲}与{乙}因用水（灌溉、饮水）发生争议。',
    responsibilities: '',
    terms: [`双方按${BLANK}轮流放水灌溉。`, `{乙}于${BLANK}日内清理堆放的废弃物，恢复水源和农田原状。`, '今后用水发生问题，先报村调解委员会协调。'],
    performance: '协议签订后立即执行，由村调解委员会监督。',
  },
  {
    key: 'wages',
    label: '拖欠工资',
    categories: ['劳资/欠薪', '合同/债务'],
    facts: '{乙}拖欠{甲}劳务工资，双方发生纠纷。',
    responsibilities: '{乙}应按约定支付劳务报酬。',
    terms: [`{乙}支付{甲}拖欠的工资人民币${BLANK}元。`, '{甲}收到工资后，不再就此事追究{乙}。'],
    performance: `${BLANK}年${BLANK}月${BLANK}日前一次性付清。`,
  },
  {
    key: 'neighbours',
    label: '邻里纠纷',
    categories: ['邻里纠纷', '损害赔偿', '婚姻家庭'],
    facts: `{甲}与{乙}因${BLANK}发生邻里纠纷。`,
    responsibilities: '',
    terms: ['{乙}向{甲}赔礼道歉。', `{乙}赔偿{甲}损失人民币${BLANK}元。`, '双方今后和睦相处，不再因此事发生纠纷。'],
    performance: '协议签订之日履行。',
  },
]

/** The templates for a case's category first; all of them when none fits. */
export function templatesFor(category: string): AgreementTemplate[] {
  const fit = TEMPLATES.filter((t) => t.categories.some((c) => category.includes(c) || c.includes(category.trim())))
  return category.trim() && fit.length ? fit : TEMPLATES
}

export interface FilledTemplate {
  facts: string
  responsibilities: string
  terms: string[]
  performance: string
}

/** The template's text with the parties' names: 甲 the first, 乙 the others (甲方/乙方 before any is ticked). */
export function fillTemplate(t: AgreementTemplate, partyNames: string[]): FilledTemplate {
  const first = partyNames[0] ?? '甲方'
  const others = partyNames.length > 1 ? partyNames.slice(1).join('、') : '乙方'
  const put = (s: string) => s.replaceAll('{甲}', first).replaceAll('{乙}', others)
  return {
    facts: put(t.facts),
    responsibilities: put(t.responsibilities),
    terms: t.terms.map(put),
    performance: put(t.performance),
  }
}
