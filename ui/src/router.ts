import { createRouter, createWebHashHistory } from 'vue-router'
import LedgerView from './views/LedgerView.vue'
import IntakeView from './views/IntakeView.vue'
import CaseView from './views/CaseView.vue'

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/ledger' },
    { path: '/ledger', name: 'ledger', component: LedgerView },
    { path: '/intake', name: 'intake', component: IntakeView },
    { path: '/case/:id', name: 'case', component: CaseView, props: true },
    { path: '/:rest(.*)*', redirect: '/ledger' },
  ],
})
