/* A stand-in for Windows' bcryptprimitives.dll, for running tests under
 * Wine only: Rust's standard library takes its random numbers from
 * ProcessPrng there, which Debian's Wine 8.0 does not provide, so every Rust
 * program fails to start (status c0000135). This forwards to the system's
 * random-number function (RtlGenRandom, advapi32's SystemFunction036).
 * `wine-run` builds it beside the test executables. Never shipped: real
 * Windows 10 and 11 have the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) {
            return FALSE;
        }
        data += n;
        len -= n;
    }
    return TRUE;
}
