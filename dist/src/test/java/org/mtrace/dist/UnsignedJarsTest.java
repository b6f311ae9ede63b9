package org.mtrace.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jar laid out as a signed one (the JAR specification's META-INF/NAME.SF and NAME.RSA, a manifest
 * with a digest section per entry) loses exactly its signature: every other entry byte for byte, the
 * main attributes, and a per-entry section that holds more than digests.
 */
class UnsignedJarsTest {
    private static final String MANIFEST = """
            Manifest-Version: 1.0\r
            Automatic-Module-Name: example.lib\r
            \r
            Name: a/B.class\r
            SHA-256-Digest: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\r
            \r
            Name: a/C.class\r
            SHA-256-Digest: 3q2+7w==\r
            \r
            Name: a/\r
            Sealed: true\r
            SHA1-Digest: 2jmj7l5rSw0yVb/vlWAYkK/YBwk=\r
            \r
            """;

    @TempDir
    Path dir;

    private static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return file;
    }

    private static Map<String, byte[]> read(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                entries.put(entry.getName(), z.getInputStream(entry).readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void aSignedJarKeepsEverythingButItsSignature() throws IOException {
        byte[] classB = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61, 1, 2, 3};
        byte[] classC = "not really a class".getBytes(StandardCharsets.US_ASCII);
        byte[] service = "a.B\n".getBytes(StandardCharsets.US_ASCII);
        byte[] nested = "a file that only looks like a signature".getBytes(StandardCharsets.US_ASCII);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", MANIFEST.getBytes(StandardCharsets.UTF_8));
        entries.put("META-INF/EXAMPLE.SF", "Signature-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        entries.put("META-INF/EXAMPLE.RSA", new byte[] {0x30, (byte) 0x82, 0, 1});
        entries.put("META-INF/SIG-OTHER", new byte[] {1});
        entries.put("META-INF/services/a.Api", service);
        entries.put("META-INF/maven/x/DOC.SF", nested);
        entries.put("a/B.class", classB);
        entries.put("a/C.class", classC);
        Path jar = jar(dir.resolve("signed.jar"), entries);

        assertTrue(UnsignedJars.unsign(jar));

        Map<String, byte[]> after = read(jar);
        assertEquals(List.of("META-INF/MANIFEST.MF", "META-INF/services/a.Api", "META-INF/maven/x/DOC.SF",
                "a/B.class", "a/C.class"), new ArrayList<>(after.keySet()));
        assertArrayEquals(classB, after.get("a/B.class"));
        assertArrayEquals(classC, after.get("a/C.class"));
        assertArrayEquals(service, after.get("META-INF/services/a.Api"));
        assertArrayEquals(nested, after.get("META-INF/maven/x/DOC.SF"));
        try (JarFile j = new JarFile(jar.toFile(), true)) {
            java.util.jar.Manifest m = j.getManifest();
            assertEquals("1.0", m.getMainAttributes().getValue("Manifest-Version"));
            assertEquals("example.lib", m.getMainAttributes().getValue("Automatic-Module-Name"));
            // the digest-only sections are gone; the sealed package keeps its section, not its digest
            assertEquals(List.of("a/"), new ArrayList<>(m.getEntries().keySet()));
            assertEquals("true", m.getAttributes("a/").getValue("Sealed"));
            assertNull(m.getAttributes("a/").getValue("SHA1-Digest"));
            // a verifying reader finds no signer once an entry is read through
            JarEntry b = j.getJarEntry("a/B.class");
            assertArrayEquals(classB, j.getInputStream(b).readAllBytes());
            assertNull(b.getCodeSigners());
        }
    }

    @Test
    void anUnsignedJarIsLeftAlone() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        entries.put("a/B.class", new byte[] {1, 2, 3});
        Path jar = jar(dir.resolve("plain.jar"), entries);
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(jar, before);
        byte[] bytes = Files.readAllBytes(jar);

        assertFalse(UnsignedJars.unsign(jar));

        assertArrayEquals(bytes, Files.readAllBytes(jar));
        assertEquals(before, Files.getLastModifiedTime(jar)); // a rewrite would invalidate CDS archives
    }

    @Test
    void onlyTopLevelSignatureFilesAreSignatureFiles() {
        for (String name : List.of("META-INF/A.SF", "META-INF/a.sf", "META-INF/A.RSA", "META-INF/A.DSA", "META-INF/A.EC",
                "META-INF/SIG-A")) {
            assertTrue(UnsignedJars.isSignatureFile(name), name);
        }
        for (String name : List.of("META-INF/MANIFEST.MF", "META-INF/x/A.SF", "A.SF", "a/META-INF/A.SF",
                "META-INF/A.SF.txt", "META-INF/versions/9/A.RSA")) {
            assertFalse(UnsignedJars.isSignatureFile(name), name);
        }
    }
}
