#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| xinfang_fuzz::keyring::keyring_read(data));
