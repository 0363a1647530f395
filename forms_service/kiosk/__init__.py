"""Counter kiosks: devices enrolled for a counter, the officer on duty, and the
answers devices send (signed with the device's credential, once per
sequence number, through the one submission pipeline)."""
