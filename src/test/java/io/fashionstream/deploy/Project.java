package io.fashionstream.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.fashionstream.cli.KafkaOptions;
import io.fashionstream.data.DatasetLocator;
import io.fashionstream.registry.SigningKey;

/** What the deployment files must agree with: facts read from pom.xml and constants of the code. */
record Project(Path root, String artifactId, String version, String finalName, String javaRelease,
               String kafkaVersion, String classpathPrefix) {
    /** Repository-relative locations of the deployment files. */
    static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    static final Path COMPOSE = Path.of("docker", "docker-compose.yml");
    static final Path DOCKERIGNORE = Path.of(".dockerignore");
    static final Path PROMETHEUS = Path.of("deploy", "prometheus", "prometheus.yml");
    static final Path GRAFANA_DASHBOARDS = Path.of("grafana", "dashboards");
    static final Path GRAFANA_PROVIDERS = Path.of("grafana", "provisioning", "dashboards", "dashboards.yml");
    static final Path GRAFANA_DATASOURCES = Path.of("grafana", "provisioning", "datasources", "prometheus.yml");
    static final Path KUBERNETES = Path.of("deploy", "kubernetes");

    /**
     * Environment variables the application reads: the code's own (bootstrap servers, signing key, data
     * directory), ND4J's thread count (read by its native library when it loads) and the JVM's options.
     */
    static final Set<String> APP_ENV = Set.of(KafkaOptions.ENV, SigningKey.ENV, DatasetLocator.ENV,
            "OMP_NUM_THREADS", "JAVA_TOOL_OPTIONS");

    /** The project in the working directory (Maven runs tests from the repository root). */
    static Project current() {
        return read(Path.of("").toAbsolutePath());
    }

    static Project read(Path root) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document pom = f.newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
            Element project = pom.getDocumentElement();
            Element properties = child(project, "properties");
            Element build = child(project, "build");
            return new Project(root, text(child(project, "artifactId")), text(child(project, "version")),
                    text(child(build, "finalName")), text(child(properties, "maven.compiler.release")),
                    text(child(properties, "kafka.version")),
                    text((Element) pom.getElementsByTagName("classpathPrefix").item(0)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read pom.xml in " + root, e);
        }
    }

    /** The jar the build makes: {@code target/<finalName>.jar}. */
    String jar() {
        return finalName + ".jar";
    }

    /** The release the image should carry: the pom version without -SNAPSHOT. */
    String releaseVersion() {
        return version.replace("-SNAPSHOT", "");
    }

    Path path(Path relative) {
        return root.resolve(relative);
    }

    boolean exists(Path relative) {
        return Files.exists(path(relative));
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("pom.xml: no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element e) {
        return e.getTextContent().strip();
    }
}
