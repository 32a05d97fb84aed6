// Generated from xinfang-app's command catalogue (commands::typescript_map). Do not edit.
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
import type { DemoStatus } from "./DemoStatus";
import type { DeviceInfo } from "./DeviceInfo";
import type { DeviceInit } from "./DeviceInit";
import type { Draft } from "./Draft";
import type { DraftKey } from "./DraftKey";
import type { DraftSave } from "./DraftSave";
import type { EnrolledPeer } from "./EnrolledPeer";
import type { ExportedBundle } from "./ExportedBundle";
import type { ExtractedFile } from "./ExtractedFile";
import type { FieldProblem } from "./FieldProblem";
import type { FindingResolve } from "./FindingResolve";
import type { FindingToCase } from "./FindingToCase";
import type { ImportReport } from "./ImportReport";
import type { LedgerFile } from "./LedgerFile";
import type { LedgerImport } from "./LedgerImport";
import type { LedgerImported } from "./LedgerImported";
import type { LedgerPreview } from "./LedgerPreview";
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
import type { Place } from "./Place";
import type { PrintPreview } from "./PrintPreview";
import type { PrintPreviewed } from "./PrintPreviewed";
import type { PrintSave } from "./PrintSave";
import type { PrintSaved } from "./PrintSaved";
import type { PrintSend } from "./PrintSend";
import type { PrintSent } from "./PrintSent";
import type { PrintTargets } from "./PrintTargets";
import type { Report } from "./Report";
import type { ReportCases } from "./ReportCases";
import type { ReportCasesQuery } from "./ReportCasesQuery";
import type { ReportQuery } from "./ReportQuery";
import type { ReportXlsx } from "./ReportXlsx";
import type { Restored } from "./Restored";
import type { RevisitInput } from "./RevisitInput";
import type { RoundView } from "./RoundView";
import type { RuleBasis } from "./RuleBasis";
import type { ScreeningInput } from "./ScreeningInput";
import type { ScreeningPage } from "./ScreeningPage";
import type { ScreeningQuery } from "./ScreeningQuery";
import type { SessionStatus } from "./SessionStatus";
import type { SettingsChange } from "./SettingsChange";
import type { SignIn } from "./SignIn";
import type { SimilarCase } from "./SimilarCase";
import type { SimilarQuery } from "./SimilarQuery";
import type { SyncEnrol } from "./SyncEnrol";
import type { SyncExport } from "./SyncExport";
import type { SyncIdentity } from "./SyncIdentity";
import type { SyncIdentityArgs } from "./SyncIdentityArgs";
import type { SyncImport } from "./SyncImport";
import type { SyncOverHttp } from "./SyncOverHttp";
import type { SyncRevoke } from "./SyncRevoke";
import type { SyncStatus } from "./SyncStatus";
import type { SyncedOverHttp } from "./SyncedOverHttp";
import type { TimeLimits } from "./TimeLimits";
import type { VillageActivity } from "./VillageActivity";
import type { VisitAdded } from "./VisitAdded";
import type { VisitInput } from "./VisitInput";
import type { XlsxSaved } from "./XlsxSaved";

export type Commands = {
  /** 查看本机台账的角色和名称 */
  device_show: { args: NoArgs; output: DeviceInfo; access: "read" };
  /** 初始化本机台账：角色（village 村 / township 乡镇）与名称 */
  device_init: { args: DeviceInit; output: DeviceInfo; access: "work" };
  /** 台账的当前时间（北京时间），表单默认使用 */
  clock_now: { args: NoArgs; output: ClockNow; access: "read" };
  /** 登记一次来访、来信、来电等（重复访请填 repeat_of） */
  visit_add: { args: VisitInput; output: VisitAdded; access: "work" };
  /** 台账列表：按状态、类别、村、渠道、日期筛选，按任意文字搜索，分页 */
  case_list: { args: CaseQuery; output: CasePage; access: "read" };
  /** 查看一件信访事项：来访记录、办理过程、期限 */
  case_show: { args: CaseId; output: CaseDetail; access: "read" };
  /** 办理一步：委托、代言代访、反馈结果、本级调处、导入法律程序、回访、延期、结案 */
  case_transition: { args: CaseTransition; output: CaseDetail; access: "work" };
  /** 作废一件登记错误的信访事项（保留记录并注明原因） */
  case_void: { args: CaseVoid; output: CaseDetail; access: "work" };
  /** 检举、揭发：标记一件信访事项（只有村信访员和乡镇信访办工作人员能看到，每次查看都记录），或写明理由取消标记 */
  case_confidential: { args: CaseConfidential; output: CaseDetail; access: "work" };
  /** 检举、揭发事项的查看记录：何时、由谁、在哪台设备看了什么 */
  case_views: { args: CaseId; output: Array<CaseView>; access: "work" };
  /** 交办：乡镇把一件信访事项交给责任领导或部门办理（随回执发回村里） */
  case_assign: { args: CaseAssign; output: CaseDetail; access: "lead" };
  /** 同步冲突：同一事项的同一内容在两台设备上同时被修改 */
  conflict_list: { args: ConflictQuery; output: Array<ConflictView>; access: "read" };
  /** 处理同步冲突：确认现有结果，或改用被替换的一方 */
  conflict_settle: { args: ConflictSettle; output: ConflictView; access: "work" };
  /** 找出可能的重复访：同一信访人或相似诉求的已有信访事项 */
  visit_similar: { args: SimilarQuery; output: Array<SimilarCase>; access: "read" };
  /** 工作台：今天到期和已逾期的事项，每项注明依据 */
  today: { args: NoArgs; output: Agenda; access: "read" };
  /** 查找已登记的人（姓名的一部分，或完整的身份证号码、电话） */
  person_find: { args: PersonQuery; output: Array<PersonView>; access: "read" };
  /** 登记一个人（如调解协议中未来访的当事人） */
  person_add: { args: PetitionerInput; output: PersonView; access: "work" };
  /** 当前登录的账号 */
  account_me: { args: NoArgs; output: Account | null; access: "read" };
  /** 本台账的账号（姓名和角色） */
  account_list: { args: NoArgs; output: Array<Account>; access: "work" };
  /** 新建账号：姓名、角色和他本人设置的口令 */
  account_add: { args: NewAccount; output: Account; access: "work" };
  /** 停用账号：此人的口令不能再打开台账（查阅记录中仍保留姓名） */
  account_remove: { args: AccountName; output: Array<Account>; access: "work" };
  /** 修改自己的口令 */
  account_passphrase: { args: PassphraseChange; output: NoArgs; access: "own" };
  /** 显示一个人的完整身份证号码和电话：须写明理由，记入查阅记录（查看角色不能使用） */
  person_reveal: { args: PersonReveal; output: PersonRevealed; access: "lead" };
  /** 修改记录：一件信访事项及其记录的每一次修改，何时、在哪台设备、由谁 */
  case_changes: { args: CaseId; output: Array<CaseChange>; access: "read" };
  /** 查阅记录：一件信访事项的当事人的完整号码何时被谁因何显示 */
  access_list: { args: CaseId; output: Array<PersonAccess>; access: "read" };
  /** 查看一份调解协议（某一版本） */
  agreement_show: { args: AgreementId; output: AgreementView; access: "read" };
  /** 起草调解协议（书面或口头） */
  agreement_draft: { args: AgreementDraft; output: AgreementView; access: "work" };
  /** 修改调解协议草稿（已签订的协议不能修改） */
  agreement_edit: { args: AgreementEdit; output: AgreementView; access: "work" };
  /** 签订调解协议：编号并锁定 */
  agreement_sign: { args: AgreementSign; output: AgreementView; access: "work" };
  /** 更正已签订的协议：生成新版本草稿，签订后取代原协议，原协议保留 */
  agreement_correct: { args: AgreementCorrect; output: AgreementView; access: "work" };
  /** 记录打印：某版本协议已打印或另存为 PDF（内容指纹须与台账一致） */
  agreement_printed: { args: AgreementPrinted; output: AgreementView; access: "work" };
  /** 登记文书：受理/转送/法定途径/不予受理告知书（含送达）、处理意见书、调解申请书、权利义务告知书、调查记录、调解记录、司法确认申请及法院确认结果 */
  paper_add: { args: PaperAdd; output: CaseDetail; access: "work" };
  /** 检查文书的各项填写：一次列出每一项的问题，不登记 */
  paper_check: { args: PaperAdd; output: Array<FieldProblem>; access: "work" };
  /** 查看一份已登记的文书 */
  paper_show: { args: PaperId; output: PaperView; access: "read" };
  /** 打印调解协议、司法确认申请书用：各方当事人的完整身份信息（每次记入查阅记录） */
  party_identities: { args: PartyIdentities; output: Array<PartyIdentity>; access: "work" };
  /** 添加附件：签字协议书扫描件、证据材料、履行凭证等（照片、扫描件或 PDF） */
  attachment_add: { args: AttachmentAdd; output: AttachmentView; access: "work" };
  /** 一件信访事项的附件 */
  attachment_list: { args: CaseId; output: Array<AttachmentView>; access: "read" };
  /** 把附件原样保存到文件夹（校验无误后写出，不覆盖已有文件） */
  attachment_extract: { args: AttachmentExtract; output: ExtractedFile; access: "work" };
  /** 照片预览：显示副本（长边不超过 1600 像素的 JPEG；小照片即原件），原件不变 */
  attachment_preview: { args: AttachmentId; output: AttachmentPreview; access: "read" };
  /** 作废附件（保留记录，注明理由） */
  attachment_void: { args: AttachmentVoid; output: AttachmentView; access: "work" };
  /** 登记回访：方式、回访人、被回访人、履行情况、满意度、下次回访日期 */
  revisit_add: { args: RevisitInput; output: CaseDetail; access: "work" };
  /** 登记一次矛盾纠纷排查（无纠纷时零报告） */
  screening_add: { args: ScreeningInput; output: RoundView; access: "work" };
  /** 排查记录和下次排查日期 */
  screening_list: { args: ScreeningQuery; output: ScreeningPage; access: "read" };
  /** 排查出的纠纷已化解 */
  finding_resolve: { args: FindingResolve; output: RoundView; access: "work" };
  /** 把排查出的纠纷转为信访事项办理 */
  finding_to_case: { args: FindingToCase; output: VisitAdded; access: "work" };
  /** 统计报表：受理、办结、办结率、排查化解、回访满意等，按类别、村、月分列 */
  report_show: { args: ReportQuery; output: Report; access: "read" };
  /** 报表中某个数字所统计的信访事项（或排查出的纠纷） */
  report_cases: { args: ReportCasesQuery; output: ReportCases; access: "read" };
  /** 台账导入：把原有 Excel 台账的各行登记为信访事项（保留原日期；已办结的记为办结）。有任何错误则一行也不写；dry_run 只检查 */
  ledger_import_rows: { args: LedgerImport; output: LedgerImported; access: "work" };
  /** 各村同步情况：已登记的村设备、最近一次收到数据包的时间和距今天数 */
  report_villages: { args: NoArgs; output: Array<VillageActivity>; access: "read" };
  /** 保存正在填写的表单草稿 */
  draft_save: { args: DraftSave; output: Draft; access: "own" };
  /** 读取表单草稿 */
  draft_load: { args: DraftKey; output: Draft; access: "own" };
  /** 删除表单草稿（提交后） */
  draft_clear: { args: DraftKey; output: NoArgs; access: "own" };
  /** 信访和纠纷的类别清单 */
  categories: { args: NoArgs; output: Categories; access: "read" };
  /** 设置：办理期限和类别清单（乡镇设置，随同步发到各村），本机调解委员会简称，最近的修改 */
  settings_show: { args: NoArgs; output: LedgerSettings; access: "read" };
  /** 修改设置：乡镇可改办理期限（不能超过法定期限）和类别清单；各机可改调解委员会简称 */
  settings_set: { args: SettingsChange; output: LedgerSettings; access: "work" };
  /** 办理时限设置（默认值为法定时限） */
  time_limits: { args: NoArgs; output: TimeLimits; access: "read" };
  /** 办理时限的依据：每一条时限的名称，以及规定它的法规或本地做法 */
  deadline_rules: { args: NoArgs; output: Array<RuleBasis>; access: "read" };
  /** 同步状态：本机待导出的变更、各对端设备最近一次导入和导出 */
  sync_status: { args: NoArgs; output: SyncStatus; access: "read" };
  /** 校验变更日志的哈希链是否完整 */
  chain_verify: { args: NoArgs; output: ChainCheck; access: "read" };
  /** 备份设置：备份文件夹（U 盘或另一块硬盘）和保留份数（只属于本机，不同步） */
  backup_settings: { args: NoArgs; output: BackupSettings; access: "read" };
  /** 设置备份文件夹和保留份数 */
  backup_settings_set: { args: BackupSettingsSet; output: BackupSettings; access: "work" };
  /** 立即备份：用 SQLite 在线备份复制台账，检查无误后保存，超出保留份数的旧备份删除 */
  backup_make: { args: NoArgs; output: BackupMade; access: "work" };
  /** 自动备份：已设置备份文件夹且最近一份备份已满一天时备份一次 */
  backup_auto: { args: NoArgs; output: BackupMade | null; access: "own" };
  /** 本机在备份文件夹中的备份，最新的在前 */
  backup_list: { args: NoArgs; output: BackupFolder; access: "read" };
  /** 检查一个备份文件是否完好，并显示其中的内容概况 */
  backup_verify: { args: BackupPath; output: BackupInfo; access: "work" };
  /** 从备份恢复台账：先检查备份，再把现在的台账另存一份，然后替换 */
  backup_restore: { args: BackupRestore; output: Restored; access: "work" };
  /** 检查台账文件是否完好（每次启动时运行） */
  ledger_check: { args: NoArgs; output: NoArgs; access: "own" };
  /** 本机设备：编号、名称、角色和指纹；可同时保存本机的设备登记文件 */
  sync_identity: { args: SyncIdentityArgs; output: SyncIdentity; access: "read" };
  /** 登记对方设备：读取对方的设备登记文件，输入对方屏幕上的指纹核对无误后登记 */
  sync_enrol: { args: SyncEnrol; output: EnrolledPeer; access: "work" };
  /** 注销对方设备（如电脑丢失）：此后它的数据包一律拒收 */
  sync_revoke: { args: SyncRevoke; output: EnrolledPeer; access: "work" };
  /** 导出数据包到 U 盘或文件夹（村：对方未确认的变更，过大时分成几个包；乡镇：给某村的回执） */
  sync_export: { args: SyncExport; output: Array<ExportedBundle>; access: "work" };
  /** 导入数据包：文件，或文件夹里的全部数据包（按文件名顺序）；每个文件各自报告结果 */
  sync_import: { args: SyncImport; output: ImportReport; access: "work" };
  /** 通过网络与乡镇服务器同步一次：上传未确认的变更，取回回执 */
  sync_over_http: { args: SyncOverHttp; output: SyncedOverHttp; access: "work" };
  /** 可用于导出和导入的 U 盘（移动存储）位置 */
  sync_places: { args: NoArgs; output: Array<Place>; access: "read" };
  /** 打印预览：文书排版后的每一页 */
  print_preview: { args: PrintPreview; output: PrintPreviewed; access: "read" };
  /** 另存为 PDF（或存档用 PDF/A）到指定文件夹；调解协议记入打印记录 */
  print_save: { args: PrintSave; output: PrintSaved; access: "print" };
  /** 送系统打印机打印；调解协议记入打印记录 */
  print_send: { args: PrintSend; output: PrintSent; access: "print" };
  /** 本机的打印机和建议的保存位置 */
  print_targets: { args: NoArgs; output: PrintTargets; access: "read" };
  /** 统计报表另存为 Excel（.xlsx）到指定文件夹，不覆盖已有文件 */
  report_xlsx: { args: ReportXlsx; output: XlsxSaved; access: "lead" };
  /** 台账导入预览：读取 Excel 台账，列出将登记的各行和每行的错误，不写入 */
  ledger_import_preview: { args: LedgerFile; output: LedgerPreview; access: "work" };
  /** 台账导入：Excel 台账各行登记为信访事项；有任何错误则一行也不导入，已在台账中的行跳过 */
  ledger_import: { args: LedgerFile; output: LedgerPreview; access: "work" };
  /** 是否已设置账号、谁已登录 */
  session_status: { args: NoArgs; output: SessionStatus; access: "session" };
  /** 设置第一个账号和口令：建立加密台账（已有的旧台账加密后保留全部记录） */
  session_set_up: { args: NewAccount; output: SessionStatus; access: "session" };
  /** 登录：姓名和口令 */
  session_sign_in: { args: SignIn; output: SessionStatus; access: "session" };
  /** 锁定：关闭台账，须重新登录 */
  session_lock: { args: NoArgs; output: SessionStatus; access: "session" };
  /** 有操作：推迟自动锁定 */
  session_touch: { args: NoArgs; output: SessionStatus; access: "session" };
  /** 打开演示台账（培训用，内容都是虚构的；本机台账不受影响） */
  demo_start: { args: NoArgs; output: DemoStatus; access: "session" };
  /** 退出演示：回到本机台账，演示台账文件删除 */
  demo_end: { args: NoArgs; output: DemoStatus; access: "session" };
  /** 是否正在使用演示台账 */
  demo_status: { args: NoArgs; output: DemoStatus; access: "session" };
};

export type CommandName = keyof Commands;
