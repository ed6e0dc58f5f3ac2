package dev.loopbridge.core.tck;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;

import dev.loopbridge.core.Async;
import dev.loopbridge.core.EventLoop;

/** Helpers of {@link AsyncContract} that an interface cannot hold. */
final class AsyncContractSupport {

    private AsyncContractSupport() {
    }

    /**
     * Recurses {@code depth} frames deep inside a body, awaiting a pending stage every 500 frames
     * on the way down and at the bottom; returns 1 + 2 + ... + depth.
     */
    static long descend(EventLoop loop, int depth) throws Exception {
        if (depth == 0) {
            return Async.await(loop.submit(() -> 0L));
        }
        if (depth % 500 == 0) {
            Async.await(loop.submit(() -> null));
        }
        return descend(loop, depth - 1) + depth;
    }

    /** The heap in use after full collections, in bytes. */
    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Loads its own copy of one class, so that the class's static initializer runs again. */
    static final class ChildFirst extends ClassLoader {
        private final Class<?> original;

        ChildFirst(Class<?> original) {
            super(original.getClassLoader());
            this.original = original;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(original.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = original.getClassLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }
}
