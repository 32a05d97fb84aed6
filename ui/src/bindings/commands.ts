// Generated from xinfang-core's command catalogue (commands::typescript_command_map). Do not edit.
import type { Account } from "./Account";
import type { AccountName } from "./AccountName";
import type { Agenda } from "./Agenda";
import type { AgreementCorrect } from "./AgreementCorrect";
import type { AgreementDraft } from "./AgreementDraft";
import type { AgreementEdit } from "./AgreementEdit";
import type { AgreementId } from "./AgreementId";
import type { AgreementPrinted } from "./AgreementPrinted";
import type { AgreementSign } from "./AgreementSign";
import type { AgreementView } from "./AgreementView";
import type { AttachmentAdd } from "./AttachmentAdd";
import type { AttachmentExtract } from "./AttachmentExtract";
import type { AttachmentId } from "./AttachmentId";
import type { AttachmentPreview } from "./AttachmentPreview";
import type { AttachmentView } from "./AttachmentView";
import type { AttachmentVoid } from "./AttachmentVoid";
import type { BackupFolder } from "./BackupFolder";
import type { BackupInfo } from "./BackupInfo";
import type { BackupMade } from "./BackupMade";
import type { BackupPath } from "./BackupPath";
import type { BackupRestore } from "./BackupRestore";
import type { BackupSettings } from "./BackupSettings";
import type { BackupSettingsSet } from "./BackupSettingsSet";
import type { CaseAssign } from "./CaseAssign";
import type { CaseChange } from "./CaseChange";
import type { CaseConfidential } from "./CaseConfidential";
import type { CaseDetail } from "./CaseDetail";
import type { CaseId } from "./CaseId";
import type { CasePage } from "./CasePage";
import type { CaseQuery } from "./CaseQuery";
import type { CaseTransition } from "./CaseTransition";
import type { CaseView } from "./CaseView";
import type { CaseVoid } from "./CaseVoid";
import type { Categories } from "./Categories";
import type { ChainCheck } from "./ChainCheck";
import type { ClockNow } from "./ClockNow";
import type { ConflictQuery } from "./ConflictQuery";
import type { ConflictSettle } from "./ConflictSettle";
import type { ConflictView } from "./ConflictView";
import type { DeviceInfo } from "./DeviceInfo";
import type { DeviceInit } from "./DeviceInit";
import type { Draft } from "./Draft";
import type { DraftKey } from "./DraftKey";
import type { DraftSave } from "./DraftSave";
import type { ExtractedFile } from "./ExtractedFile";
import type { FindingResolve } from "./FindingResolve";
import type { FindingToCase } from "./FindingToCase";
import type { LedgerImport } from "./LedgerImport";
import type { LedgerImported } from "./LedgerImported";
import type { LedgerSettings } from "./LedgerSettings";
import type { NewAccount } from "./NewAccount";
import type { NoArgs } from "./NoArgs";
import type { PaperAdd } from "./PaperAdd";
import type { PaperId } from "./PaperId";
import type { PaperView } from "./PaperView";
import type { PartyIdentities } from "./PartyIdentities";
import type { PartyIdentity } from "./PartyIdentity";
import type { PassphraseChange } from "./PassphraseChange";
import type { PersonAccess } from "./PersonAccess";
import type { PersonQuery } from "./PersonQuery";
import type { PersonReveal } from "./PersonReveal";
import type { PersonRevealed } from "./PersonRevealed";
import type { PersonView } from "./PersonView";
import type { PetitionerInput } from "./PetitionerInput";
import type { Report } from "./Report";
import type { ReportCases } from "./ReportCases";
import type { ReportCasesQuery } from "./ReportCasesQuery";
import type { ReportQuery } from "./ReportQuery";
import type { Restored } from "./Restored";
import type { RevisitInput } from "./RevisitInput";
import type { RoundView } from "./RoundView";
import type { RuleBasis } from "./RuleBasis";
import type { ScreeningInput } from "./ScreeningInput";
import type { ScreeningPage } from "./ScreeningPage";
import type { ScreeningQuery } from "./ScreeningQuery";
import type { SettingsChange } from "./SettingsChange";
import type { SimilarCase } from "./SimilarCase";
import type { SimilarQuery } from "./SimilarQuery";
import type { SyncStatus } from "./SyncStatus";
import type { TimeLimits } from "./TimeLimits";
import type { VillageActivity } from "./VillageActivity";
import type { VisitAdded } from "./VisitAdded";
import type { VisitInput } from "./VisitInput";

export type Commands = {
  /** 查看本机台账的角色和名称 */
  device_show: { args: NoArgs; output: DeviceInfo };
  /** 初始化本机台账：角色（village 村 / township 乡镇）与名称 */
  device_init: { args: DeviceInit; output: DeviceInfo };
  /** 台账的当前时间（北京时间），表单默认使用 */
  clock_now: { args: NoArgs; output: ClockNow };
  /** 登记一次来访、来信、来电等（重复访请填 repeat_of） */
  visit_add: { args: VisitInput; output: VisitAdded };
  /** 台账列表：按状态、类别、村、渠道、日期筛选，按任意文字搜索，分页 */
  case_list: { args: CaseQuery; output: CasePage };
  /** 查看一件信访事项：来访记录、办理过程、期限 */
  case_show: { args: CaseId; output: CaseDetail };
  /** 办理一步：委托、代言代访、反馈结果、本级调处、导入法律程序、回访、延期、结案 */
  case_transition: { args: CaseTransition; output: CaseDetail };
  /** 作废一件登记错误的信访事项（保留记录并注明原因） */
  case_void: { args: CaseVoid; output: CaseDetail };
  /** 检举、揭发：标记一件信访事项（只有村信访员和乡镇信访办工作人员能看到，每次查看都记录），或写明理由取消标记 */
  case_confidential: { args: CaseConfidential; output: CaseDetail };
  /** 检举、揭发事项的查看记录：何时、由谁、在哪台设备看了什么 */
  case_views: { args: CaseId; output: Array<CaseView> };
  /** 交办：乡镇把一件信访事项交给责任领导或部门办理（随回执发回村里） */
  case_assign: { args: CaseAssign; output: CaseDetail };
  /** 同步冲突：同一事项的同一内容在两台设备上同时被修改 */
  conflict_list: { args: ConflictQuery; output: Array<ConflictView> };
  /** 处理同步冲突：确认现有结果，或改用被替换的一方 */
  conflict_settle: { args: ConflictSettle; output: ConflictView };
  /** 找出可能的重复访：同一信访人或相似诉求的已有信访事项 */
  visit_similar: { args: SimilarQuery; output: Array<SimilarCase> };
  /** 工作台：今天到期和已逾期的事项，每项注明依据 */
  today: { args: NoArgs; output: Agenda };
  /** 查找已登记的人（姓名的一部分，或完整的身份证号码、电话） */
  person_find: { args: PersonQuery; output: Array<PersonView> };
  /** 登记一个人（如调解协议中未来访的当事人） */
  person_add: { args: PetitionerInput; output: PersonView };
  /** 当前登录的账号 */
  account_me: { args: NoArgs; output: Account | null };
  /** 本台账的账号（姓名和角色） */
  account_list: { args: NoArgs; output: Array<Account> };
  /** 新建账号：姓名、角色和他本人设置的口令 */
  account_add: { args: NewAccount; output: Account };
  /** 停用账号：此人的口令不能再打开台账（查阅记录中仍保留姓名） */
  account_remove: { args: AccountName; output: Array<Account> };
  /** 修改自己的口令 */
  account_passphrase: { args: PassphraseChange; output: NoArgs };
  /** 显示一个人的完整身份证号码和电话：须写明理由，记入查阅记录（查看角色不能使用） */
  person_reveal: { args: PersonReveal; output: PersonRevealed };
  /** 修改记录：一件信访事项及其记录的每一次修改，何时、在哪台设备、由谁 */
  case_changes: { args: CaseId; output: Array<CaseChange> };
  /** 查阅记录：一件信访事项的当事人的完整号码何时被谁因何显示 */
  access_list: { args: CaseId; output: Array<PersonAccess> };
  /** 查看一份调解协议（某一版本） */
  agreement_show: { args: AgreementId; output: AgreementView };
  /** 起草调解协议（书面或口头） */
  agreement_draft: { args: AgreementDraft; output: AgreementView };
  /** 修改调解协议草稿（已签订的协议不能修改） */
  agreement_edit: { args: AgreementEdit; output: AgreementView };
  /** 签订调解协议：编号并锁定 */
  agreement_sign: { args: AgreementSign; output: AgreementView };
  /** 更正已签订的协议：生成新版本草稿，签订后取代原协议，原协议保留 */
  agreement_correct: { args: AgreementCorrect; output: AgreementView };
  /** 记录打印：某版本协议已打印或另存为 PDF（内容指纹须与台账一致） */
  agreement_printed: { args: AgreementPrinted; output: AgreementView };
  /** 登记文书：受理/转送/法定途径/不予受理告知书（含送达）、处理意见书、调解申请书、权利义务告知书、调查记录、调解记录、司法确认申请及法院确认结果 */
  paper_add: { args: PaperAdd; output: CaseDetail };
  /** 查看一份已登记的文书 */
  paper_show: { args: PaperId; output: PaperView };
  /** 打印调解协议、司法确认申请书用：各方当事人的完整身份信息（每次记入查阅记录） */
  party_identities: { args: PartyIdentities; output: Array<PartyIdentity> };
  /** 添加附件：签字协议书扫描件、证据材料、履行凭证等（照片、扫描件或 PDF） */
  attachment_add: { args: AttachmentAdd; output: AttachmentView };
  /** 一件信访事项的附件 */
  attachment_list: { args: CaseId; output: Array<AttachmentView> };
  /** 把附件原样保存到文件夹（校验无误后写出，不覆盖已有文件） */
  attachment_extract: { args: AttachmentExtract; output: ExtractedFile };
  /** 照片预览：显示副本（长边不超过 1600 像素的 JPEG；小照片即原件），原件不变 */
  attachment_preview: { args: AttachmentId; output: AttachmentPreview };
  /** 作废附件（保留记录，注明理由） */
  attachment_void: { args: AttachmentVoid; output: AttachmentView };
  /** 登记回访：方式、回访人、被回访人、履行情况、满意度、下次回访日期 */
  revisit_add: { args: RevisitInput; output: CaseDetail };
  /** 登记一次矛盾纠纷排查（无纠纷时零报告） */
  screening_add: { args: ScreeningInput; output: RoundView };
  /** 排查记录和下次排查日期 */
  screening_list: { args: ScreeningQuery; output: ScreeningPage };
  /** 排查出的纠纷已化解 */
  finding_resolve: { args: FindingResolve; output: RoundView };
  /** 把排查出的纠纷转为信访事项办理 */
  finding_to_case: { args: FindingToCase; output: VisitAdded };
  /** 统计报表：受理、办结、办结率、排查化解、回访满意等，按类别、村、月分列 */
  report_show: { args: ReportQuery; output: Report };
  /** 报表中某个数字所统计的信访事项（或排查出的纠纷） */
  report_cases: { args: ReportCasesQuery; output: ReportCases };
  /** 台账导入：把原有 Excel 台账的各行登记为信访事项（保留原日期；已办结的记为办结）。有任何错误则一行也不写；dry_run 只检查 */
  ledger_import_rows: { args: LedgerImport; output: LedgerImported };
  /** 各村同步情况：已登记的村设备、最近一次收到数据包的时间和距今天数 */
  report_villages: { args: NoArgs; output: Array<VillageActivity> };
  /** 保存正在填写的表单草稿 */
  draft_save: { args: DraftSave; output: Draft };
  /** 读取表单草稿 */
  draft_load: { args: DraftKey; output: Draft };
  /** 删除表单草稿（提交后） */
  draft_clear: { args: DraftKey; output: NoArgs };
  /** 信访和纠纷的类别清单 */
  categories: { args: NoArgs; output: Categories };
  /** 设置：办理期限和类别清单（乡镇设置，随同步发到各村），本机调解委员会简称，最近的修改 */
  settings_show: { args: NoArgs; output: LedgerSettings };
  /** 修改设置：乡镇可改办理期限（不能超过法定期限）和类别清单；各机可改调解委员会简称 */
  settings_set: { args: SettingsChange; output: LedgerSettings };
  /** 办理时限设置（默认值为法定时限） */
  time_limits: { args: NoArgs; output: TimeLimits };
  /** 办理时限的依据：每一条时限的名称，以及规定它的法规或本地做法 */
  deadline_rules: { args: NoArgs; output: Array<RuleBasis> };
  /** 同步状态：本机待导出的变更、各对端设备最近一次导入和导出 */
  sync_status: { args: NoArgs; output: SyncStatus };
  /** 校验变更日志的哈希链是否完整 */
  chain_verify: { args: NoArgs; output: ChainCheck };
  /** 备份设置：备份文件夹（U 盘或另一块硬盘）和保留份数（只属于本机，不同步） */
  backup_settings: { args: NoArgs; output: BackupSettings };
  /** 设置备份文件夹和保留份数 */
  backup_settings_set: { args: BackupSettingsSet; output: BackupSettings };
  /** 立即备份：用 SQLite 在线备份复制台账，检查无误后保存，超出保留份数的旧备份删除 */
  backup_make: { args: NoArgs; output: BackupMade };
  /** 自动备份：已设置备份文件夹且最近一份备份已满一天时备份一次 */
  backup_auto: { args: NoArgs; output: BackupMade | null };
  /** 本机在备份文件夹中的备份，最新的在前 */
  backup_list: { args: NoArgs; output: BackupFolder };
  /** 检查一个备份文件是否完好，并显示其中的内容概况 */
  backup_verify: { args: BackupPath; output: BackupInfo };
  /** 从备份恢复台账：先检查备份，再把现在的台账另存一份，然后替换 */
  backup_restore: { args: BackupRestore; output: Restored };
  /** 检查台账文件是否完好（每次启动时运行） */
  ledger_check: { args: NoArgs; output: NoArgs };
};

export type CommandName = keyof Commands;
