// 帮助: what each screen is for and how to use it, in plain Chinese, as data,
// so the help page only lays it out and each screen's 帮助 link finds its
// section by the route it is on. The time limits are named here by rule; their
// titles and bases are the core's (domain/deadlines.rs, served by
// deadline_rules), so the law is cited in one place.
import type { RouteLocationRaw } from 'vue-router'
import type { Rule } from './bindings/Rule'
import type { RuleBasis } from './bindings/RuleBasis'

/** One screen's help, or one part of a screen (the case page has three). */
export interface HelpPart {
  /** The anchor on the help page: /help#sync. */
  id: string
  title: string
  /** The named routes (router.ts) whose 帮助 link opens this part. */
  routes: string[]
  /** What the screen is for. */
  paragraphs: string[]
  /** What to do there, in order. */
  steps: string[]
  /** The legal or local time limits that apply here; the core cites their basis. */
  limits?: Rule[]
}

export interface HelpSection extends HelpPart {
  /** The screen's name as the menu shows it. */
  screen: string
  parts?: HelpPart[]
}

/**
 * How this program counts a limit where the rule leaves it open, said after
 * the core's citation of the rule (the citation itself is the core's:
 * deadline_rules).
 */
export const LIMIT_NOTES: Partial<Record<Rule, string>> = {
  handle: '本程序从登记之日起算。',
  mediation: '本程序从开始起草调解协议之日起算。',
  revisit: '回访时定了下次回访日期的，按该日期提醒。',
}

const ALL_LIMITS: Rule[] = [
  'accept', 'handle', 'mediation', 'court_confirmation', 'revisit', 'village_screening', 'township_screening',
]

export const HELP: HelpSection[] = [
  {
    id: 'signin',
    screen: '登录',
    title: '登录与口令',
    // The sign-in screen has no route: it shows before the app, and over it when locked.
    routes: [],
    paragraphs: [
      '台账里有群众的姓名、身份证号码、电话和诉求等个人信息，都加密保存。口令就是打开台账的钥匙：电脑或 U 盘丢失，没有口令的人也看不到这些信息。',
      '每个人用自己的账号和口令登录，不要把口令告诉别人，也不要几个人共用一个账号。',
      '连续一段时间（一般是 15 分钟）没有操作，程序会自动锁定，要重新输入口令；锁定前没填完的内容还在。',
    ],
    steps: [
      '第一次使用：填写姓名，选角色，输入两次口令，点“设置并进入”。原来已有的台账会被加密，全部记录保留。接着设置本机的角色和名称，并与乡镇互相登记（见“同步”一节）。',
      '以后每次打开程序：选自己的姓名，输入口令，按回车或点“登录”。',
      '离开电脑时点页面上方的“锁定”，别人就看不到台账。',
      '请牢记口令：忘记的口令无法找回；本机只有你一个账号时，忘记口令就谁也打不开台账，所以最好再为另一位工作人员建一个账号。备份时，备份文件和它旁边的 .keys 钥匙文件要一起存在 U 盘上，缺了钥匙文件备份就打不开。',
    ],
  },
  {
    id: 'today',
    screen: '工作台',
    title: '工作台：今天要办的事',
    routes: ['today'],
    paragraphs: [
      '每天打开程序先看工作台。已经逾期和三天内到期的事项都列在这里，每一项写明是哪一条时限、到期日和依据。',
    ],
    steps: [
      '看上方“已逾期”“即将到期”各有几件。',
      '点任意一项，打开那件信访事项，按提示办理。',
      '办完后回到工作台点“刷新”，已经办好的就不再显示。',
    ],
    limits: ALL_LIMITS,
  },
  {
    id: 'intake',
    screen: '登记',
    title: '登记：记录每一次来访、来信、来电',
    routes: ['intake'],
    paragraphs: [
      '群众来访、来信、打电话、网上反映，信访员下访、约访，以及上级交办的事项，都在这里登记。登记后自动编号，进入台账和工作台。',
      '填写中途关闭窗口或停电，已填的内容会自动保存为草稿，下次打开接着填。',
    ],
    steps: [
      '选渠道和登记时间，填写接待人（首问责任人）。',
      '在“查找已登记的人”里输入姓名、身份证号码或电话；找不到就直接填写新来的人。身份证号码有误时程序会提示。',
      '来访 5 人以上是集体访，须勾选代表（不超过 5 人）。',
      '选类别，照群众原话填写诉求；调查核实情况和采取的措施可以以后补充。',
      '右侧出现“可能是重复访”时，核对原件：是同一件事就点“作为重复访登记到此件”，不要另立新件。',
      '检举、揭发干部的，勾选“检举、揭发”：这件事只有村信访员和乡镇信访办工作人员能看到，领导和“查看”账号在任何地方都看不到它，每次查看都记入该事项的“查看记录”。不得把检举、揭发材料和检举人的情况透露给被检举的人。',
      '点“提交登记”或按 Ctrl+回车。',
    ],
    limits: ['accept', 'handle'],
  },
  {
    id: 'ledger',
    screen: '台账',
    title: '台账：查找全部信访事项',
    routes: ['ledger'],
    paragraphs: ['本机登记的全部信访事项。可以按状态、逾期、类别、村组、渠道、登记日期筛选和排序。'],
    steps: [
      '在搜索框输入姓名、村、组、编号或诉求里的任意两个字以上，即可查到。',
      '查到的超过 1000 件时（如只输入村名），只写“超过 1000 件”，按当前排序列出前 1000 件；再加村、类别或登记日期筛选即可缩小范围。',
      '勾选“只看逾期”，只列出已超过时限的事项。',
      '点一行打开该信访事项。',
      '点“打印受理登记表”，打印所选登记日期范围内的来访登记簿（不选日期时为本月）。',
    ],
  },
  {
    id: 'case',
    screen: '信访事项',
    title: '信访事项页：按五步法办理',
    routes: ['case'],
    paragraphs: [
      '一件信访事项从登记到办结的全部经过都在这一页：信访人、诉求、时限、办理经过、调解协议、回访和附件。',
      '信访五步法：登记备案 → 委托（签订双向承诺书） → 代言代访 → 反馈结果 → 回访巩固。能当场调解的选“本级调处”；属于诉讼、仲裁、行政复议等法定途径解决的，选“导入法律程序”并告知信访人。',
    ],
    steps: [
      '委托：点“打印双向承诺书”，信访人和信访代理员双方签字后，点“委托”并勾选已签订。',
      '代言代访：把诉求反映到有关部门，点“代言代访”记下经办人和日期。',
      '反馈结果：把办理结果告知信访人，点“反馈结果”。',
      '回访巩固：点“登记回访”（见“回访”一节）。',
      '需要延长办理期限的点“延期”，写明理由并告知信访人；办完后点“结案”，选办结、化解或息访息诉。',
      '每一步都要填写经办人和日期，页面上方的时限随之更新。',
      '身份证号码和电话平时只显示部分数字。确需核对完整号码时，在来访记录里点该人旁边的“显示完整号码”，写明理由（至少 4 个字），点“显示”。关闭窗口后号码不再显示。“查看”账号没有这个按钮。',
      '每次显示完整号码，谁、何时、为什么都记入本页下方的“查阅记录”，点开即可查看。',
      '本页最下方的“修改记录”列出每一次修改由谁、在哪台电脑、何时所做，点开即可查看；这些记录随同步送到乡镇。',
      '检举、揭发事项：登记时没有勾选的，点“标记为检举、揭发”；标记错了的，点“取消检举、揭发标记”并写明理由。标记后，谁在何时查看过本件都记入“查看记录”。',
    ],
    limits: ['accept', 'handle'],
    parts: [
      {
        id: 'agreement',
        title: '调解协议',
        routes: ['agreement', 'agreement-new'],
        paragraphs: [
          '调解成功的，在信访事项页点“制作调解协议”。书面协议打印《人民调解协议书》，当事人各方签名、盖章或按指印，调解员签名并加盖人民调解委员会印章后生效；口头协议由调解员登记。',
          '协议签订后自动编号（如“（2026）石岩哨村人调字第1号”）并锁定，不能再改。发现错误点“更正协议”，生成新版本，原协议仍保留在卷宗中。',
        ],
        steps: [
          '选协议形式（书面或口头）和当事人，填写纠纷主要事实、争议事项，各方责任，协议内容（逐条），履行方式和时限，份数，调解员，记录人。',
          '点“保存草稿”，打印草稿（带“草稿”水印）给当事人核对。',
          '各方签字后填写签订日期，点“签订协议”（口头协议点“记录为已达成”），再打印正式协议。每页页脚的“内容指纹”与协议页上的一致，就是同一版本。',
          '签字的协议书拍照或扫描，在“附件”中添加为“签字协议书”。',
        ],
        limits: ['mediation', 'court_confirmation'],
      },
      {
        id: 'attachments',
        title: '附件',
        routes: [],
        paragraphs: [
          '签字协议书扫描件、证据材料、履行凭证等照片、扫描件或 PDF，每个不超过 50 MB，随信访事项保存，同步时一起发给乡镇。',
        ],
        steps: [
          '在信访事项页“附件”一栏点“添加附件”，点“选择文件…”，或把文件直接拖进窗口。',
          '选类别；签字协议书要选它属于哪一份协议。',
          '点“另存到…”可把原件保存到 U 盘。打印卷宗时，目录列出全部附件，照片附在后面。',
        ],
      },
    ],
  },
  {
    id: 'revisit',
    screen: '回访',
    title: '回访：办结后回访巩固',
    routes: ['revisit'],
    paragraphs: [
      '事项办结后要回访：了解调解协议或办理结果是否落实，信访人是否满意，有没有新的问题，让其息访息诉、案结事了。',
    ],
    steps: [
      '在信访事项页点“登记回访”。',
      '填写回访日期、方式（上门或电话）、回访人和被回访人；涉及调解协议的，选回访检查的是哪一份协议。',
      '写明履行情况、满意度、新的问题或诉求，以及信访人是否息访息诉。',
      '还需要再回访的，填写下次回访日期，到期时工作台会提醒。',
      '回访记录可在信访事项页点“打印”。',
    ],
    limits: ['revisit'],
  },
  {
    id: 'screening',
    screen: '排查',
    title: '排查：矛盾纠纷排查',
    routes: ['screening'],
    paragraphs: ['定期排查本村（本乡镇）的矛盾纠纷，每次排查都要登记；没有发现纠纷也要做零报告。'],
    steps: [
      '选排查范围，填写排查日期和排查人。',
      '没有纠纷的勾选“无矛盾纠纷（零报告）”；发现纠纷的点“登记排查出的纠纷”，逐件填写当事人和纠纷情况。',
      '点“提交本次排查”。',
      '排查出的纠纷化解了点“已化解”；需要立案办理的点“转为信访事项”。',
    ],
    limits: ['village_screening', 'township_screening'],
  },
  {
    id: 'sync',
    screen: '同步',
    title: '同步：用 U 盘或网络与乡镇交换数据',
    routes: ['sync'],
    paragraphs: [
      '村里登记的事项要送到乡镇，乡镇的交办和反馈要送回村里。数据包已加密并签名，只有登记过的设备能读取，U 盘丢失别人也看不到内容。',
      '第一次打开程序时，按三步引导设置本机：① 账号和口令；② 本机角色（村信访员或乡镇信访办）、村或乡镇名称和 12 位行政区划代码（不清楚可以不填），点“建立台账，下一步”；③ 村与乡镇互相登记设备（乡镇登记各村的设备，可以一个接一个登记）。第③步屏幕上用大字显示本机指纹，请和对方逐位核对；这一步也可以点“以后再说”，以后在本页办理。',
    ],
    steps: [
      '第一次（或在初次设置的第③步）：点“保存登记文件”把本机的设备登记文件存到 U 盘，交给对方；再在“登记对方设备”中选对方的登记文件，照着对方屏幕逐位输入 17 位指纹，点“核对指纹并登记”。两边的指纹要当面或打电话逐位核对，一位不差。',
      '村：插入 U 盘，点“导出到U盘/文件夹”，把 U 盘交给乡镇信访办。',
      '乡镇：点“导入数据包”导入 U 盘上的数据包，再导出给该村的回执。',
      '村：点“导入数据包”导入回执和乡镇的交办、反馈。拒收的数据包用红字说明原因，台账不变。',
      '有网络时，村可以填写乡镇服务器地址点“立即同步”，或打开“自动同步”（每 5 分钟试一次）；连不上时数据不会丢失。',
      '两边同时改了同一内容时，“同步冲突”列出双方内容，由乡镇确认。',
    ],
  },
  {
    id: 'report',
    screen: '统计',
    title: '统计：信访工作统计表',
    routes: ['report'],
    paragraphs: ['按期间和村统计受理、办结率、化解率、回访率、满意率等，并有每月趋势和各村情况。'],
    steps: [
      '选统计期间（本月、上月、本季度、本年……或任选日期）和村。',
      '点任何一个数字，列出它统计的那些事项，再点一件可打开。',
      '右上角可“打印统计表”“导出 Excel”“导入 Excel 台账”。',
    ],
  },
  {
    id: 'backup',
    screen: '备份',
    title: '备份：防止电脑损坏丢失台账',
    routes: ['backup'],
    paragraphs: [
      '台账只存在这台电脑上，一定要备份到 U 盘或另一块硬盘。设置好备份文件夹后，每天第一次打开程序时自动备份一次。',
    ],
    steps: [
      '选择备份文件夹（U 盘或另一块硬盘）和保留份数，点“保存”。',
      '点“立即备份”，马上备份一次。',
      '电脑出故障需要恢复时，在“已有备份”中点“检查”看备份里有多少件事项，再点“恢复”。恢复前会先把现在的台账另存一份，不会丢失。',
      '程序启动时发现台账文件损坏，会用红字提示并指向本页。',
    ],
  },
  {
    id: 'accounts',
    screen: '账号',
    title: '账号：谁能打开台账，各自能做什么',
    routes: ['accounts'],
    paragraphs: [
      '每个人用自己的账号和口令打开台账。账号有四种角色：',
      '村信访员、乡镇信访办工作人员：什么都能做，包括登记、办理、同步、备份，以及新建和停用账号。',
      '领导：查看台账、交办、看统计；写明理由后可以看完整的身份证号码和电话，每次都记入查阅记录。',
      '查看：只能查看，不能修改；身份证号码和电话始终只显示部分数字。',
      '检举、揭发事项只有村信访员和乡镇信访办工作人员能看到；领导和“查看”账号看不到，统计数字中仍计入。',
    ],
    steps: [
      '新建账号（村信访员、乡镇信访办工作人员才能做）：在“新建账号”中填写新同事的姓名，选角色，然后请新同事本人坐到电脑前，自己输入两次口令（至少 8 个字），点“新建账号”。不要替别人设口令。',
      '有人不再负责信访工作时，在“账号列表”中点他的“停用”并确认。停用后他的口令不能再打开台账，以前的办理记录和查阅记录都保留。',
      '修改自己的口令：在“修改口令”中输入原口令和两次新口令，点“修改口令”。下次登录用新口令。',
      '忘记口令无法找回，谁也查不出原来的口令。请其他村信访员或乡镇信访办工作人员为你新建一个账号；用过的姓名不能再用，可以加以区别，如“王芳（新）”，并把原来的账号停用。',
    ],
  },
  {
    id: 'settings',
    screen: '设置',
    title: '设置：办理期限、类别清单和调解委员会简称',
    routes: ['settings'],
    paragraphs: [
      '办理期限（受理告知、办结、延期、司法确认、调解、回访、排查周期）和登记时可选的类别清单，由乡镇信访办统一设置，全乡镇各村都按同一套执行。',
      '法定期限只能缩短，不能延长，各项的法定天数和依据见下面的“办理时限”。超过法律规定的，程序不让保存并说明原因。每项期限旁边写着默认天数和依据。',
      '村里的办理期限和类别清单只能查看，上面写着“由乡镇信访办设置，随同步更新”：乡镇修改后，村里下次同步时自动更新。',
      '调解委员会简称用在调解协议书编号里，如“（2026）石岩哨人调字第1号”中的“石岩哨”，村和乡镇各自设置；没有设置时用本村或本乡镇的名称。',
      '村信访员和乡镇信访办工作人员可以修改设置；领导和“查看”账号只能查看。每次修改都记入“最近修改”，写明时间、改了什么和经办人。',
    ],
    steps: [
      '乡镇：在“办理期限”中修改天数；在“类别清单”中输入新类别点“添加”，点类别右边的“×”删除。',
      '修改调解委员会简称时，只填简称，下面会显示协议编号的样子。',
      '填写经办人，点“保存”。只保存改动过的部分；填得不对的，红字写在那一项下面。',
      '乡镇保存后，把数据包导出给各村（见“同步”一节），各村导入后就按新的期限和类别办理。',
    ],
    limits: ALL_LIMITS,
  },
]

/** The lines a section's 办理时限 shows: each rule as the core cites it, and how this program counts it. */
export function limitLines(rules: Rule[] | undefined, cited: RuleBasis[]): string[] {
  return (rules ?? []).flatMap((rule) => {
    const c = cited.find((x) => x.rule === rule)
    if (!c) return []
    const note = LIMIT_NOTES[rule]
    return [`${c.title}：${c.basis}。${note ?? ''}`]
  })
}

/** Every anchor on the help page: the sections and their parts. */
export function helpParts(): HelpPart[] {
  return HELP.flatMap((s) => [s, ...(s.parts ?? [])])
}

/** The anchor that explains the screen at the named route, if any. */
export function helpAnchorFor(routeName: string): string | undefined {
  return helpParts().find((p) => p.routes.includes(routeName))?.id
}

/** Where a screen's 帮助 link goes: the help page at its section. */
export function helpLocation(anchor: string | undefined): RouteLocationRaw {
  return anchor ? { path: '/help', hash: `#${anchor}` } : { path: '/help' }
}
