import { reactive } from 'vue'

export const PAGE_SIZE = 20

/** The ledger's filters, kept while the user visits a case and comes back. */
export const ledgerState = reactive({
  text: '',
  status: 'all' as 'all' | 'open' | 'closed',
  channel: 'all' as string,
  page: 1,
})
