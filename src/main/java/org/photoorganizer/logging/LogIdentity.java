package org.photoorganizer.logging;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.function.UnaryOperator;

/**
 * Who and where, for the columns of the CSV logs: the NAS's address, the user the service runs as,
 * and how a path is shown (the DSM system path on a NAS).
 */
public record LogIdentity(String ipAddress, String user, UnaryOperator<java.nio.file.Path> pathForLog) {

    /** Reads the first non-loopback IPv4 address once at start; "127.0.0.1" when there is none. */
    public static String localIpAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException | RuntimeException e) {
            // No address is not a reason to fail: the column is informational.
        }
        return "127.0.0.1";
    }
}
