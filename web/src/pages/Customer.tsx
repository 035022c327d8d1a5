export const CustomerHomePage = () => <div />;
export const CustomerEngagementPage = ({ id }: { id: string }) => <div>{id}</div>;
