package org.photoorganizer.spk;

/** Every package lifecycle scenario, with the scripts run by dash. */
class SpkScriptsUnderDashTest extends SpkScriptLifecycle {
    @Override
    String shell() {
        return "dash";
    }
}
