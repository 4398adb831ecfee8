# Test fixture for the fallback tests (src/i18n/tests.rs), not shipped: French lacks a key here.
both = Both, in English
only-in-english = Only in English
greeting = Hello { $name }
