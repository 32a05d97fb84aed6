import { createRouter, createWebHashHistory } from 'vue-router'
import { clearErrors } from './notify'
import TodayView from './views/TodayView.vue'
import LedgerView from './views/LedgerView.vue'
import IntakeView from './views/IntakeView.vue'
import CaseView from './views/CaseView.vue'
import AgreementView from './views/AgreementView.vue'
import RevisitView from './views/RevisitView.vue'
import ScreeningView from './views/ScreeningView.vue'
import SyncView from './views/SyncView.vue'
import ReportView from './views/ReportView.vue'
import BackupView from './views/BackupView.vue'
import HelpView from './views/HelpView.vue'
import AccountsView from './views/AccountsView.vue'
import SettingsView from './views/SettingsView.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/today' },
    { path: '/today', name: 'today', component: TodayView },
    { path: '/ledger', name: 'ledger', component: LedgerView },
    { path: '/intake', name: 'intake', component: IntakeView },
    { path: '/case/:id', name: 'case', component: CaseView, props: true },
    // A new agreement on a case, or one version of an agreement.
    { path: '/case/:caseId/agreement/new', name: 'agreement-new', component: AgreementView, props: true },
    { path: '/agreement/:id', name: 'agreement', component: AgreementView, props: true },
    { path: '/case/:caseId/revisit', name: 'revisit', component: RevisitView, props: true },
    { path: '/screening', name: 'screening', component: ScreeningView },
    { path: '/report', name: 'report', component: ReportView },
    { path: '/sync', name: 'sync', component: SyncView },
    { path: '/backup', name: 'backup', component: BackupView },
    { path: '/accounts', name: 'accounts', component: AccountsView },
    { path: '/settings', name: 'settings', component: SettingsView },
    { path: '/help', name: 'help', component: HelpView },
    { path: '/:rest(.*)*', redirect: '/today' },
  ],
})

// A refusal belongs to the page that made it: leaving the page takes it away.
router.afterEach(() => clearErrors())
