// SelfSignedPKI: placeholder until the module lands.
