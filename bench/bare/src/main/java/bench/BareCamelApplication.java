package bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The bare baseline of the intake benchmark: Spring Boot, Tomcat, Camel platform-http and Jackson, nothing else. */
@SpringBootApplication
public class BareCamelApplication {

    /** The widget's JSON, as the hub's trivial route and the widget read it. */
    public record WidgetRequest(String product, String name, String email, String subject, String message,
                                String pageUrl) {
    }

    public static void main(String[] args) {
        SpringApplication.run(BareCamelApplication.class, args);
    }
}
