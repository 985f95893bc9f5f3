package com.cfh.supporthub.jira;

/**
 * The fields that decide where tickets land: project key and issue type name (cloud-issue,
 * datacenter-issue), service desk and request type ids (service-desk). The top-level hub.jira keys
 * are the defaults; hub.jira.products.&lt;id&gt; overrides them per product.
 */
public class JiraTarget {
    private String projectKey;
    private String issueType;
    private String serviceDeskId;
    private String requestTypeId;

    public String getProjectKey() { return projectKey; }
    public void setProjectKey(String projectKey) { this.projectKey = projectKey; }
    public String getIssueType() { return issueType; }
    public void setIssueType(String issueType) { this.issueType = issueType; }
    public String getServiceDeskId() { return serviceDeskId; }
    public void setServiceDeskId(String serviceDeskId) { this.serviceDeskId = serviceDeskId; }
    public String getRequestTypeId() { return requestTypeId; }
    public void setRequestTypeId(String requestTypeId) { this.requestTypeId = requestTypeId; }
}
