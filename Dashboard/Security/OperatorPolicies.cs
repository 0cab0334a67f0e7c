namespace Eals.Dashboard.Security;

public static class OperatorPolicies { public const string View = "view"; public const string Approve = "approve"; public const string Administer = "admin"; }
