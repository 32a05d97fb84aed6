#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| xinfang_fuzz::enrolment::enrolment_read(data));
