package org.televisit.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a server (the application, or the Jitsi stand-in) whose connections a
 * test can cut, the way a train tunnel or a flaky Wi-Fi cuts them: {@link #cut()} closes every open
 * connection and refuses new ones until {@link #restore()}. Browsers reach the server through it to
 * lose their streams for real. {@link #hang()} makes it a server that hangs instead: connections
 * are accepted and held open, and not one byte is read or written.
 */
public final class CuttableProxy implements AutoCloseable {

    private enum Mode { RELAYING, CUT, HUNG }

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.RELAYING;

    public CuttableProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "cuttable-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void cut() {
        mode = Mode.CUT;
        closeAll(open);
    }

    /**
     * From now on, a stand-in for a server that accepts the connection and never answers. Open
     * connections are closed (a browser would otherwise go on using them), so every request after
     * this one meets the silence.
     */
    public void hang() {
        mode = Mode.HUNG;
        closeAll(open);
    }

    /** Relays again; connections held while hung are closed, as a restarted server's would be. */
    public void restore() {
        mode = Mode.RELAYING;
        closeAll(held);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (mode == Mode.CUT) {
                    closeQuietly(client);
                    continue;
                }
                if (mode == Mode.HUNG) {
                    held.add(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException closed) {
                // one side went away: so does the other
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "cuttable-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeAll(Set<Socket> sockets) {
        sockets.forEach(CuttableProxy::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        closeAll(held);
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
