// This install's device (role and name), loaded once at start.
import { ref } from 'vue'
import type { Device } from './bindings/Device'

export const device = ref<Device | null>(null)
