package com.cfh.supporthub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SupportHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(SupportHubApplication.class, args);
    }
}
