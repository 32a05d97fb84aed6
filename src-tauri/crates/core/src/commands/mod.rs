//! The one command layer: every operation the desktop app or the CLI performs
//! is a handler here, typed arguments in, typed result or error out. The
//! Tauri shell and `xinfang call` both reach them through [`dispatch`], and
//! [`catalogue`] lists them with their argument shapes.

mod account;
mod agreement;
pub mod args;
mod attachment;
mod backup;
mod case;
mod catalog;
mod confidential;
mod conflict;
mod day;
mod device;
mod draft;
mod ledger_import;
mod paper;
mod paper_view;
mod person;
mod report;
mod revisit;
mod schedule;
mod screening;
mod settings;
mod sync_status;
mod today;
mod visibility;
mod visit;

pub use account::{AccountName, PassphraseChange};
pub use agreement::{
    AgreementCorrect, AgreementDraft, AgreementEdit, AgreementId, AgreementPrinted, AgreementSign, AgreementView,
    PartyGap,
};
pub use attachment::{
    AttachmentAdd, AttachmentExtract, AttachmentId, AttachmentPreview, AttachmentView, AttachmentVoid, ExtractedFile,
    Picture, picture as attachment_picture,
};
pub use backup::{
    BackupFile, BackupFolder, BackupInfo, BackupMade, BackupPath, BackupRestore, BackupSettings, BackupSettingsSet,
    Restored,
};
pub use case::{CaseAssign, CaseDetail, CaseTransition, CaseVoid};
pub use catalog::ChainCheck;
pub use confidential::CaseConfidential;
pub use conflict::{ConflictChoice, ConflictQuery, ConflictSettle, ConflictSide, ConflictView};
pub use device::{ClockNow, DeviceInfo, DeviceInit};
pub use draft::{Draft, DraftKey, DraftSave};
pub use ledger_import::{
    ImportMapping, ImportedRow, LedgerImport, LedgerImported, LedgerRow, NewCategories, RowError, Unmapped, column,
};
pub use paper::{FieldProblem, PaperAdd, PaperId, PartyIdentities, PartyIdentity};
pub use paper_view::{Confirmation, PaperView};
pub use person::{PersonQuery, PersonReveal, PersonRevealed};
pub use report::{BreakdownKey, ReportCases, ReportCasesQuery, ReportQuery, VillageActivity};
pub use revisit::RevisitInput;
pub use screening::{FindingInput, FindingResolve, FindingToCase, ScreeningInput, ScreeningPage, ScreeningQuery};
pub use settings::{LedgerSettings, SettingsChange};
pub use sync_status::{PeerStatus, SyncStatus};
pub use today::{Agenda, AgendaItem, MAX_ITEMS as MAX_AGENDA_ITEMS};
pub use visit::{SimilarCase, SimilarQuery, VisitAdded};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An open ledger and the clock it runs by: what every handler works on.
pub struct Ledger {
    pub store: Store,
    pub clock: Clock,
    /// Who signed in (the app); none for the command line and tests, which
    /// act for the install itself.
    pub account: Option<crate::domain::account::Account>,
}

impl Ledger {
    pub fn new(store: Store, clock: Clock) -> Ledger {
        Ledger { store, clock, account: None }
    }

    /// Why this computer's clock looks wrong, if it clearly does.
    pub fn clock_doubt(&self) -> Result<Option<crate::clock::Doubt>> {
        Ok(self.clock.doubt(crate::store::hlc::latest(self.store.conn())?))
    }

    /// The latest day (China) a date typed in may be: today, unless the
    /// clock is clearly behind ([`crate::clock::latest_plausible`]).
    pub fn latest_day(&self) -> Result<chrono::NaiveDate> {
        let latest = crate::clock::latest_plausible(self.clock.now(), self.clock_doubt()?);
        Ok(latest.with_timezone(&crate::clock::china()).date_naive())
    }

    /// The ledger opened for `account` at sign-in.
    pub fn signed_in(store: Store, clock: Clock, account: crate::domain::account::Account) -> Ledger {
        Ledger::new(store, clock).acting_for(Some(account))
    }

    /// The same ledger worked on by `account` (its role applies, its name is
    /// written into every change); none for the install itself.
    pub fn acting_for(mut self, account: Option<crate::domain::account::Account>) -> Ledger {
        self.store.set_actor(account.as_ref().map(|a| a.name.clone()));
        self.account = account;
        self
    }

    /// The same ledger file on a connection of its own (none for a ledger in
    /// memory), for a command that [`runs_apart`].
    pub fn reopen(&self) -> Result<Option<Ledger>> {
        match self.store.conn().path().filter(|p| !p.is_empty()) {
            Some(path) => {
                let store = Store::open_keyed(std::path::Path::new(path), self.store.key())?;
                Ok(Some(Ledger::new(store, self.clock).acting_for(self.account.clone())))
            }
            None => Ok(None),
        }
    }
}

/// Commands that read the whole ledger file (seconds on a township's years
/// of cases) and need nothing but the file: the app runs them on a
/// connection of their own, so the clerk's other commands do not wait.
/// SQLite's WAL lets them read while the ledger writes.
pub fn runs_apart(name: &str) -> bool {
    matches!(name, "ledger_check" | "backup_auto" | "backup_make")
}

/// Arguments of a command that takes none: `{}`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NoArgs {}

// The arguments of a command on one case: `{"id": …}`. (A plain comment: a
// doc comment would change the generated TypeScript.)
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CaseId {
    pub id: String,
}

/// One entry of `xinfang call --list`.
#[derive(Debug, Clone, Serialize)]
pub struct CommandInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// The TypeScript declaration of the argument type (the JSON shape).
    pub args: String,
    pub args_type: String,
    pub output_type: String,
    /// Who may run it (see `access`).
    pub access: crate::access::Access,
}

impl CommandInfo {
    /// The entry of a command taking `A` and answering `O`; every crate's
    /// command macro builds its catalogue with this.
    pub fn of<A: TS, O: TS>(name: &'static str, doc: &'static str, access: crate::access::Access) -> CommandInfo {
        let config = ts_rs::Config::default();
        CommandInfo {
            name,
            summary: doc.trim(),
            args: A::decl(&config),
            args_type: A::name(&config),
            output_type: O::name(&config),
            access,
        }
    }
}

macro_rules! commands {
    ($( #[doc = $doc:literal] [$access:ident] $name:ident($args:ty) -> $out:ty = $handler:path; )*) => {
        /// Runs the command `name` with JSON `args` and returns its JSON result.
        /// Every command's arguments pass [`args::parse`]: no text in them
        /// holds a control character, and a shape that does not fit is
        /// refused by field, in Chinese.
        pub fn dispatch(ledger: &mut Ledger, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            if let Some(access) = access(name) {
                crate::access::permit(ledger.account.as_ref(), access)?;
            }
            run(ledger, name, args)
        }

        /// Who may run the core's command `name` (None: no such command).
        pub fn access(name: &str) -> Option<crate::access::Access> {
            match name {
                $( stringify!($name) => Some(crate::access::Access::$access), )*
                _ => None,
            }
        }

        /// [`dispatch`] without the access check, for a router that made it
        /// already (`xinfang-router`, sync's fallback): each call is checked
        /// once.
        pub fn run(ledger: &mut Ledger, name: &str, args: serde_json::Value) -> Result<serde_json::Value> {
            match name {
                $( stringify!($name) => {
                    let args: $args = args::parse(name, args)?;
                    let out: $out = $handler(ledger, args)?;
                    Ok(serde_json::to_value(out)?)
                } )*
                _ => Err(Error::UnknownCommand(name.to_owned())),
            }
        }

        /// Every command, its summary and its argument shape.
        pub fn catalogue() -> Vec<CommandInfo> {
            vec![ $( CommandInfo::of::<$args, $out>(stringify!($name), $doc, crate::access::Access::$access) ),* ]
        }

        /// The commands as Rust calls, for code in the same process (print,
        /// sheets): the handlers' own argument and result types, so a renamed
        /// field breaks the caller at compile time rather than at run time.
        /// Each call is refused exactly as [`dispatch`] refuses it (the same
        /// [`crate::access::permit`] by command name). The arguments skip
        /// [`args::parse`]: they are built by the caller, not read from
        /// outside; a caller passing on outside text checks it itself
        /// ([`args::check_text`]).
        pub struct Typed<'a>(&'a mut Ledger);

        impl Ledger {
            /// This ledger's commands as typed calls ([`Typed`]).
            pub fn typed(&mut self) -> Typed<'_> {
                Typed(self)
            }
        }

        impl Typed<'_> {
            $(
                #[doc = $doc]
                pub fn $name(&mut self, args: $args) -> Result<$out> {
                    crate::access::permit(self.0.account.as_ref(), crate::access::Access::$access)?;
                    $handler(self.0, args)
                }
            )*
        }
    };
}

commands! {
    /// 查看本机台账的角色和名称
    [Read] device_show(NoArgs) -> DeviceInfo = device::show;
    /// 初始化本机台账：角色（village 村 / township 乡镇）与名称
    [Work] device_init(DeviceInit) -> DeviceInfo = device::init;
    /// 台账的当前时间（北京时间），表单默认使用
    [Read] clock_now(NoArgs) -> ClockNow = device::clock;
    /// 登记一次来访、来信、来电等（重复访请填 repeat_of）
    [Work] visit_add(crate::domain::intake::VisitInput) -> VisitAdded = visit::add;
    /// 台账列表：按状态、类别、村、渠道、日期筛选，按任意文字搜索，分页
    [Read] case_list(crate::store::cases::CaseQuery) -> crate::store::cases::CasePage = case::list;
    /// 查看一件信访事项：来访记录、办理过程、期限
    [Read] case_show(CaseId) -> CaseDetail = case::show;
    /// 办理一步：委托、代言代访、反馈结果、本级调处、导入法律程序、回访、延期、结案
    [Work] case_transition(CaseTransition) -> CaseDetail = case::transition;
    /// 作废一件登记错误的信访事项（保留记录并注明原因）
    [Work] case_void(CaseVoid) -> CaseDetail = case::void;
    /// 检举、揭发：标记一件信访事项（只有村信访员和乡镇信访办工作人员能看到，每次查看都记录），或写明理由取消标记
    [Work] case_confidential(CaseConfidential) -> CaseDetail = confidential::mark;
    /// 检举、揭发事项的查看记录：何时、由谁、在哪台设备看了什么
    [Work] case_views(CaseId) -> Vec<crate::store::case_views::CaseView> = confidential::views;
    /// 交办：乡镇把一件信访事项交给责任领导或部门办理（随回执发回村里）
    [Lead] case_assign(CaseAssign) -> CaseDetail = case::assign;
    /// 同步冲突：同一事项的同一内容在两台设备上同时被修改
    [Read] conflict_list(ConflictQuery) -> Vec<ConflictView> = conflict::list;
    /// 处理同步冲突：确认现有结果，或改用被替换的一方
    [Work] conflict_settle(ConflictSettle) -> ConflictView = conflict::settle;
    /// 找出可能的重复访：同一信访人或相似诉求的已有信访事项
    [Read] visit_similar(SimilarQuery) -> Vec<SimilarCase> = visit::similar;
    /// 工作台：今天到期和已逾期的事项，每项注明依据
    [Read] today(NoArgs) -> Agenda = today::agenda;
    /// 查找已登记的人（姓名的一部分，或完整的身份证号码、电话）
    [Read] person_find(PersonQuery) -> Vec<crate::store::people::PersonView> = person::find;
    /// 登记一个人（如调解协议中未来访的当事人）
    [Work] person_add(crate::domain::intake::PetitionerInput) -> crate::store::people::PersonView = person::add;
    /// 当前登录的账号
    [Read] account_me(NoArgs) -> Option<crate::domain::account::Account> = account::me;
    /// 本台账的账号（姓名和角色）
    [Work] account_list(NoArgs) -> Vec<crate::domain::account::Account> = account::list;
    /// 新建账号：姓名、角色和他本人设置的口令
    [Work] account_add(crate::domain::account::NewAccount) -> crate::domain::account::Account = account::add;
    /// 停用账号：此人的口令不能再打开台账（查阅记录中仍保留姓名）
    [Work] account_remove(AccountName) -> Vec<crate::domain::account::Account> = account::remove;
    /// 修改自己的口令
    [Own] account_passphrase(PassphraseChange) -> NoArgs = account::change_passphrase;
    /// 显示一个人的完整身份证号码和电话：须写明理由，记入查阅记录（查看角色不能使用）
    [Lead] person_reveal(PersonReveal) -> PersonRevealed = person::reveal;
    /// 修改记录：一件信访事项及其记录的每一次修改，何时、在哪台设备、由谁
    [Read] case_changes(CaseId) -> Vec<crate::store::changelog::CaseChange> = case::changes;
    /// 查阅记录：一件信访事项的当事人的完整号码何时被谁因何显示
    [Read] access_list(CaseId) -> Vec<crate::store::access_log::PersonAccess> = person::accesses;
    /// 查看一份调解协议（某一版本）
    [Read] agreement_show(AgreementId) -> AgreementView = agreement::show;
    /// 起草调解协议（书面或口头）
    [Work] agreement_draft(AgreementDraft) -> AgreementView = agreement::draft;
    /// 修改调解协议草稿（已签订的协议不能修改）
    [Work] agreement_edit(AgreementEdit) -> AgreementView = agreement::edit;
    /// 签订调解协议：编号并锁定
    [Work] agreement_sign(AgreementSign) -> AgreementView = agreement::sign;
    /// 更正已签订的协议：生成新版本草稿，签订后取代原协议，原协议保留
    [Work] agreement_correct(AgreementCorrect) -> AgreementView = agreement::correct;
    /// 记录打印：某版本协议已打印或另存为 PDF（内容指纹须与台账一致）
    [Work] agreement_printed(AgreementPrinted) -> AgreementView = agreement::printed_record;
    /// 登记文书：受理/转送/法定途径/不予受理告知书（含送达）、处理意见书、调解申请书、权利义务告知书、调查记录、调解记录、司法确认申请及法院确认结果
    [Work] paper_add(PaperAdd) -> CaseDetail = paper::add;
    /// 检查文书的各项填写：一次列出每一项的问题，不登记
    [Work] paper_check(PaperAdd) -> Vec<FieldProblem> = paper::check;
    /// 查看一份已登记的文书
    [Read] paper_show(PaperId) -> PaperView = paper::show;
    /// 打印调解协议、司法确认申请书用：各方当事人的完整身份信息（每次记入查阅记录）
    [Work] party_identities(PartyIdentities) -> Vec<PartyIdentity> = paper::party_identities;
    /// 添加附件：签字协议书扫描件、证据材料、履行凭证等（照片、扫描件或 PDF）
    [Work] attachment_add(AttachmentAdd) -> AttachmentView = attachment::add;
    /// 一件信访事项的附件
    [Read] attachment_list(CaseId) -> Vec<AttachmentView> = attachment::list;
    /// 把附件原样保存到文件夹（校验无误后写出，不覆盖已有文件）
    [Work] attachment_extract(AttachmentExtract) -> ExtractedFile = attachment::extract;
    /// 照片预览：显示副本（长边不超过 1600 像素的 JPEG；小照片即原件），原件不变
    [Read] attachment_preview(AttachmentId) -> AttachmentPreview = attachment::preview;
    /// 作废附件（保留记录，注明理由）
    [Work] attachment_void(AttachmentVoid) -> AttachmentView = attachment::void;
    /// 登记回访：方式、回访人、被回访人、履行情况、满意度、下次回访日期
    [Work] revisit_add(RevisitInput) -> CaseDetail = revisit::add;
    /// 登记一次矛盾纠纷排查（无纠纷时零报告）
    [Work] screening_add(ScreeningInput) -> crate::store::screening::RoundView = screening::add;
    /// 排查记录和下次排查日期
    [Read] screening_list(ScreeningQuery) -> ScreeningPage = screening::list;
    /// 排查出的纠纷已化解
    [Work] finding_resolve(FindingResolve) -> crate::store::screening::RoundView = screening::resolve;
    /// 把排查出的纠纷转为信访事项办理
    [Work] finding_to_case(FindingToCase) -> VisitAdded = screening::to_case;
    /// 统计报表：受理、办结、办结率、排查化解、回访满意等，按类别、村、月分列
    [Read] report_show(ReportQuery) -> crate::report::Report = report::show;
    /// 报表中某个数字所统计的信访事项（或排查出的纠纷）
    [Read] report_cases(ReportCasesQuery) -> ReportCases = report::cases;
    /// 台账导入：把原有 Excel 台账的各行登记为信访事项（保留原日期；已办结的记为办结）。有任何错误则一行也不写；dry_run 只检查
    [Work] ledger_import_rows(LedgerImport) -> LedgerImported = ledger_import::import;
    /// 各村同步情况：已登记的村设备、最近一次收到数据包的时间和距今天数
    [Read] report_villages(NoArgs) -> Vec<VillageActivity> = report::villages;
    /// 保存正在填写的表单草稿
    [Own] draft_save(DraftSave) -> Draft = draft::save;
    /// 读取表单草稿
    [Own] draft_load(DraftKey) -> Draft = draft::load;
    /// 删除表单草稿（提交后）
    [Own] draft_clear(DraftKey) -> NoArgs = draft::clear;
    /// 信访和纠纷的类别清单
    [Read] categories(NoArgs) -> crate::domain::settings::Categories = catalog::categories;
    /// 设置：办理期限和类别清单（乡镇设置，随同步发到各村），本机调解委员会简称，最近的修改
    [Read] settings_show(NoArgs) -> LedgerSettings = settings::show;
    /// 修改设置：乡镇可改办理期限（不能超过法定期限）和类别清单；各机可改调解委员会简称
    [Work] settings_set(SettingsChange) -> LedgerSettings = settings::set;
    /// 办理时限设置（默认值为法定时限）
    [Read] time_limits(NoArgs) -> crate::domain::deadlines::TimeLimits = catalog::time_limits;
    /// 办理时限的依据：每一条时限的名称，以及规定它的法规或本地做法
    [Read] deadline_rules(NoArgs) -> Vec<crate::domain::deadlines::RuleBasis> = catalog::deadline_rules;
    /// 同步状态：本机待导出的变更、各对端设备最近一次导入和导出
    [Read] sync_status(NoArgs) -> sync_status::SyncStatus = sync_status::status;
    /// 校验变更日志的哈希链是否完整
    [Read] chain_verify(NoArgs) -> catalog::ChainCheck = catalog::chain_verify;
    /// 备份设置：备份文件夹（U 盘或另一块硬盘）和保留份数（只属于本机，不同步）
    [Read] backup_settings(NoArgs) -> BackupSettings = backup::settings_show;
    /// 设置备份文件夹和保留份数
    [Work] backup_settings_set(BackupSettingsSet) -> BackupSettings = backup::settings_set;
    /// 立即备份：用 SQLite 在线备份复制台账，检查无误后保存，超出保留份数的旧备份删除
    [Work] backup_make(NoArgs) -> BackupMade = backup::make;
    /// 自动备份：已设置备份文件夹且最近一份备份已满一天时备份一次
    [Own] backup_auto(NoArgs) -> Option<BackupMade> = backup::auto;
    /// 本机在备份文件夹中的备份，最新的在前
    [Read] backup_list(NoArgs) -> BackupFolder = backup::list;
    /// 检查一个备份文件是否完好，并显示其中的内容概况
    [Work] backup_verify(BackupPath) -> BackupInfo = backup::verify;
    /// 从备份恢复台账：先检查备份，再把现在的台账另存一份，然后替换
    [Work] backup_restore(BackupRestore) -> Restored = backup::restore;
    /// 检查台账文件是否完好（每次启动时运行）
    [Own] ledger_check(NoArgs) -> NoArgs = backup::check;
}

/// A generated TypeScript file mapping each command of `list` to its argument
/// and result types, as `export type {map}` keyed by `export type {name}`.
/// `crate_name` says in the header where it was generated from.
pub fn typescript_map(list: &[CommandInfo], crate_name: &str, map: &str, name: &str) -> String {
    // Named types only: `Array<SimilarCase>` imports `SimilarCase`.
    let mut types: Vec<&str> = list
        .iter()
        .flat_map(|c| [c.args_type.as_str(), c.output_type.as_str()])
        .flat_map(|t| t.split(|ch: char| !ch.is_alphanumeric() && ch != '_'))
        .filter(|t| t.starts_with(|ch: char| ch.is_ascii_uppercase()) && *t != "Array")
        .collect();
    types.sort_unstable();
    types.dedup();
    let mut out = format!(
        "// Generated from {crate_name}'s command catalogue (commands::typescript_map). Do not edit.\n"
    );
    for t in &types {
        out.push_str(&format!("import type {{ {t} }} from \"./{t}\";\n"));
    }
    out.push_str(&format!("\nexport type {map} = {{\n"));
    for c in list {
        out.push_str(&format!(
            "  /** {} */\n  {}: {{ args: {}; output: {}; access: \"{}\" }};\n",
            c.summary,
            c.name,
            c.args_type,
            c.output_type,
            c.access.as_str()
        ));
    }
    out.push_str(&format!("}};\n\nexport type {name} = keyof {map};\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_listed_once_and_dispatchable_by_name() {
        let list = catalogue();
        let mut names: Vec<_> = list.iter().map(|c| c.name).collect();
        names.dedup();
        assert_eq!(names.len(), list.len());
        let mut ledger = Ledger::new(Store::in_memory().unwrap(), Clock::System);
        let e = dispatch(&mut ledger, "no_such_command", serde_json::json!({})).unwrap_err();
        assert_eq!(e.kind(), "unknown_command");
        let v = dispatch(&mut ledger, "device_show", serde_json::json!({})).unwrap();
        assert_eq!(v["device"], serde_json::Value::Null);
    }

    /// A typed call is the same door as `dispatch`: a role refused a command
    /// by name is refused its typed call, with the same error, and nothing is
    /// written; what the role may run, it runs typed too.
    #[test]
    fn a_typed_call_is_refused_to_a_role_dispatch_refuses() {
        use crate::session::{Account, AccountRole};
        use crate::store::device::Role;
        let viewer = Account { account_id: "v".into(), name: "钱某".into(), role: AccountRole::Viewer };
        let mut ledger = Ledger::new(Store::in_memory().unwrap(), Clock::System).acting_for(Some(viewer));
        let init = DeviceInit { role: Role::Village, name: "石岩哨村".into(), code: None };
        let by_name = dispatch(&mut ledger, "device_init", serde_json::to_value(&init).unwrap()).unwrap_err();
        let typed = ledger.typed().device_init(init).unwrap_err();
        assert_eq!((typed.kind(), typed.to_string()), (by_name.kind(), by_name.to_string()));
        assert_eq!(typed.kind(), "forbidden");
        assert!(ledger.typed().device_show(NoArgs {}).unwrap().device.is_none(), "not set up by the refused call");

        // The install itself (the command line) is not limited.
        let mut ledger = ledger.acting_for(None);
        let init = DeviceInit { role: Role::Village, name: "石岩哨村".into(), code: None };
        assert_eq!(ledger.typed().device_init(init).unwrap().device.unwrap().name, "石岩哨村");
    }
}
