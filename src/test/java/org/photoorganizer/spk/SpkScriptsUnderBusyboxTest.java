package org.photoorganizer.spk;

/** Every package lifecycle scenario, with the scripts run by BusyBox sh. */
class SpkScriptsUnderBusyboxTest extends SpkScriptLifecycle {
    @Override
    String shell() {
        return "busybox";
    }
}
