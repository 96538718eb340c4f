namespace AmoWidget
{
    /// <summary>Which public host family an account lives on; the API base is https://{subdomain}.{host}.</summary>
    public enum AmoAccountPlatform
    {
        /// <summary>amocrm.ru, the Russian platform.</summary>
        AmoCrmRu,

        /// <summary>amocrm.com, the former global host (accounts now answer on kommo.com as well).</summary>
        AmoCrmCom,

        /// <summary>kommo.com, the global platform.</summary>
        Kommo,
    }
}
