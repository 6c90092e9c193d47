package io.rtw.local;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

/**
 * Finds the local Maven repository the way Maven does, so the jars a build put there are found on a machine whose
 * repository is set in {@code settings.xml} (the one rule for every place in rtw that needs the repository).
 *
 * <p>In order, the first that is set wins:
 * <ol>
 *   <li>{@code -Drtw.maven.repo}, then {@code $RTW_MAVEN_REPO}: rtw's own override;</li>
 *   <li>{@code -Dmaven.repo.local}: Maven's command line override;</li>
 *   <li>{@code -DlocalRepository}: what Surefire and Failsafe set in a test JVM to the repository of the build
 *       running the tests (so tests follow even {@code mvn -s other-settings.xml});</li>
 *   <li>{@code <localRepository>} of the user settings, {@code ~/.m2/settings.xml};</li>
 *   <li>{@code <localRepository>} of the global settings, {@code MAVEN_HOME/conf/settings.xml}, where Maven's home
 *       is {@code -Dmaven.home}, {@code $MAVEN_HOME}, else the installation the {@code mvn} on the {@code PATH}
 *       belongs to (as the {@code mvn} script finds its own home);</li>
 *   <li>{@code ~/.m2/repository}.</li>
 * </ol>
 * A settings value is interpolated as Maven does: {@code ${env.NAME}} is an environment variable, any other
 * {@code ${name}} a system property such as {@code user.home}; an expression that resolves to nothing stays as
 * written.
 *
 * <p>The file depends on nothing else of rtw, so scripts use the same rule before anything is built:
 * {@code java local-servers/src/main/java/io/rtw/local/MavenRepository.java} prints the path (Java's single-file
 * launch).
 */
final class MavenRepository {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]+)}");
    private static final String SETTINGS = "settings.xml";

    private final Function<String, String> properties;
    private final Function<String, String> env;

    /** A lookup over these system properties and environment variables (tests pass their own). */
    MavenRepository(Function<String, String> properties, Function<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    /** Prints the local repository, for scripts; exit code 1 with the reason when a settings file is unreadable. */
    public static void main(String[] args) {
        try {
            System.out.println(find());
        } catch (UnreadableSettings e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** The local repository of this JVM's system properties and environment. */
    static Path find() {
        return new MavenRepository(System::getProperty, System::getenv).path();
    }

    /** The local repository by the rule above, absolute. */
    Path path() {
        for (String override : new String[] {properties.apply("rtw.maven.repo"), env.apply("RTW_MAVEN_REPO"),
                properties.apply("maven.repo.local"), properties.apply("localRepository")}) {
            if (isSet(override)) {
                return Path.of(override).toAbsolutePath();
            }
        }
        Path userHome = Path.of(properties.apply("user.home"));
        Optional<String> configured = localRepository(userHome.resolve(".m2").resolve(SETTINGS));
        if (configured.isEmpty()) {
            configured = mavenHome().flatMap(home -> localRepository(home.resolve("conf").resolve(SETTINGS)));
        }
        return configured.map(p -> Path.of(p).toAbsolutePath())
                .orElseGet(() -> userHome.resolve(".m2").resolve("repository").toAbsolutePath());
    }

    /** Maven's installation: -Dmaven.home, $MAVEN_HOME, else the real location of {@code mvn} on the PATH. */
    Optional<Path> mavenHome() {
        String home = properties.apply("maven.home");
        if (!isSet(home)) {
            home = env.apply("MAVEN_HOME");
        }
        if (isSet(home)) {
            return Optional.of(Path.of(home));
        }
        String pathVar = env.apply("PATH");
        if (!isSet(pathVar)) {
            return Optional.empty();
        }
        for (String dir : pathVar.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path mvn = Path.of(dir).resolve("mvn");
            if (Files.isRegularFile(mvn) && Files.isExecutable(mvn)) {
                try {
                    // /usr/bin/mvn is often a link to MAVEN_HOME/bin/mvn: the home is the real file's grandparent.
                    Path bin = mvn.toRealPath().getParent();
                    return Optional.ofNullable(bin.getParent());
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The interpolated {@code <localRepository>} of a settings file, empty when the file or the element is absent. */
    Optional<String> localRepository(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        Document doc;
        try {
            doc = parser().parse(settings.toFile());
        } catch (SAXException | IOException e) {
            // Maven refuses to run with such a file too; say which one.
            throw new UnreadableSettings("cannot read the Maven settings " + settings + ": " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE && "localRepository".equals(n.getLocalName())) {
                String value = interpolate(n.getTextContent().trim());
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** {@code ${env.NAME}} and {@code ${property}} replaced; unknown expressions kept as written, as Maven does. */
    String interpolate(String value) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String resolved = name.startsWith("env.") ? env.apply(name.substring(4)) : properties.apply(name);
            m.appendReplacement(out, Matcher.quoteReplacement(resolved != null ? resolved : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A namespace-aware DOM parser that reads no DTD and no external entity (a settings file needs neither). */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() { // errors are thrown, not also printed to stderr
                @Override
                public void warning(SAXParseException e) {}

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a secure-processing feature", e);
        }
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }

    /** A settings file that is not well-formed XML or declares a DTD: Maven refuses it too. */
    static final class UnreadableSettings extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableSettings(String message) {
            super(message);
        }
    }
}
