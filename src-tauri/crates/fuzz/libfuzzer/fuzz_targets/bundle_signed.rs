#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| xinfang_fuzz::bundle::bundle_signed(data));
