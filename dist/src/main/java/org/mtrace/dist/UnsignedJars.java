package org.mtrace.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the signed jars of the launchers' class path (dist/target/lib) without their signature,
 * at build time. Two reasons, both start-up cost: the JVM verifies a signed jar on every launch
 * (the signature block, then a digest of each class it loads, after parsing a manifest that lists
 * every entry: Eclipse Collections' is 744 KB), and class data sharing (the launchers' CDS archives,
 * {@link CdsArchives}) leaves classes of signed jars out. The classes are byte-identical; only the
 * signature files and the manifest's digests go. Usage: {@code UnsignedJars DIR}.
 */
public final class UnsignedJars {
    private UnsignedJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UnsignedJars DIR");
            System.exit(2);
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of(args[0]), "*.jar")) {
            for (Path jar : jars) {
                unsign(jar);
            }
        }
    }

    /** Rewrites {@code jar} in place if it is signed; returns whether it was. */
    static boolean unsign(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".unsigning");
        try (ZipFile in = new ZipFile(jar.toFile())) {
            if (!isSigned(in)) {
                return false;
            }
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    if (isSignatureFile(entry.getName())) {
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(entry)) {
                        if (entry.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                            out.write(withoutDigests(data));
                        } else {
                            data.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean isSigned(ZipFile jar) {
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
            if (isSignatureFile(e.nextElement().getName())) {
                return true;
            }
        }
        return false;
    }

    /** The files the JAR specification reserves for a signature: META-INF/*.SF, *.RSA, *.DSA, *.EC, SIG-*. */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }

    /**
     * The manifest without the signature's digests ({@code SHA-256-Digest: ...}, one per-entry section for
     * every class); per-entry sections that hold anything else (sealing, package versions) stay.
     */
    static byte[] withoutDigests(InputStream manifest) throws IOException {
        Manifest m = new Manifest(manifest);
        for (Iterator<Attributes> sections = m.getEntries().values().iterator(); sections.hasNext(); ) {
            Attributes section = sections.next();
            section.keySet().removeIf(k -> k.toString().toLowerCase(Locale.ROOT).endsWith("-digest"));
            if (section.isEmpty()) {
                sections.remove();
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.write((OutputStream) bytes);
        return bytes.toByteArray();
    }
}
